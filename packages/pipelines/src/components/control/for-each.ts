import { pipelineStageSchema, type PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { stageControls, type NestedRunOutcome } from '../../executor/stage-controls.ts';
import { StageFailure } from '../../executor/stage-failure.ts';

const forEachConfigSchema = z.object({
  stages: z.array(pipelineStageSchema).min(1).max(100).describe('The body, run once per item; a "control.input" stage reads the item\'s rows'),
  groupBy: z.array(z.string().min(1).max(128)).max(8).optional().describe('Columns whose distinct values make one item each, e.g. ["machine"]; one item per row when left out'),
  concurrency: z.number().int().min(1).max(32).default(4).describe('Items run at most this many at once'),
  maxItems: z.number().int().min(1).max(10_000).default(1000).describe('More items than this fail the stage rather than flood the worker'),
});
type ForEachConfig = z.infer<typeof forEachConfigSchema>;

export const forEachComponent = defineComponent({
  name: 'control.for-each',
  category: 'control',
  title: 'For each',
  description:
    'Runs a body of stages once per item of its input: one item per row, or per distinct combination of the `groupBy` columns (all of that group\'s rows, in input order). ' +
    'At most `concurrency` items run at once. The output is the items\' results (each body\'s last stage or `control.return`) concatenated in item order. ' +
    "An item that fails stops the others and fails this stage, with the item's index and the body stage in the error path.",
  config: forEachConfigSchema,
  input: { kind: 'rows', min: 1, max: 16 },
  output: { kind: 'rows' },
  modes: ['batch'],
  examples: [
    {
      title: "Per machine, run the machine's report pipeline on its rows",
      with: {
        groupBy: ['machine'],
        concurrency: 2,
        stages: [
          { id: 'item', use: 'control.input' },
          { id: 'report', use: 'control.sub-pipeline', with: { pipelineId: 'machine-report', version: 'latest' }, needs: ['item'] },
        ],
      },
    },
  ],
  run: async (context, inputs) => {
    const items = splitItems(inputs.flatMap((input) => input.rows), context.config);
    if (items.length > context.config.maxItems) throw new StageFailure(`${items.length} items, more than maxItems ${context.config.maxItems}`, { code: 'too_many_items', retryable: false });
    const controls = stageControls(context);
    const stopItems = new AbortController();
    const signal = AbortSignal.any([context.signal, stopItems.signal]);
    const results: PipelineRow[][] = new Array<PipelineRow[]>(items.length);
    const failures: { index: number; outcome: Extract<NestedRunOutcome, { ok: false }> }[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length && !signal.aborted) {
        const index = next;
        next += 1;
        const outcome = await controls.runStages(context.config.stages, items[index] ?? [], signal);
        if (outcome.ok) results[index] = outcome.rows;
        else if (!stopItems.signal.aborted) {
          failures.push({ index, outcome });
          stopItems.abort(new Error(`item ${index} failed`));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(context.config.concurrency, items.length) }, worker));
    const failure = failures[0];
    if (failure) {
      throw new StageFailure(`item ${failure.index} ${failure.outcome.status}: ${failure.outcome.error.message}`, {
        subPath: ['items', failure.index, ...failure.outcome.error.path],
        ...(failure.outcome.error.code ? { code: failure.outcome.error.code } : {}),
      });
    }
    if (context.signal.aborted) throw context.signal.reason;
    return { rows: results.flat() };
  },
});

function splitItems(rows: PipelineRow[], config: ForEachConfig): PipelineRow[][] {
  const groupBy = config.groupBy;
  if (!groupBy || groupBy.length === 0) return rows.map((row) => [row]);
  const groups = new Map<string, PipelineRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(groupBy.map((column) => row[column] ?? null));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

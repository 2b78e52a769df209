import { type PipelineRow, stageInputRefSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { ReorderBuffer, reorderBufferStateSchema } from '../../../event-time/reorder-buffer.ts';
import { eventTimeOf, sortByEventTime } from '../../../event-time/row-values.ts';
import { stateLimitsShape } from '../../../event-time/state-limits.ts';
import { maxOutOfOrderSchema, WatermarkTracker, watermarkStateSchema } from '../../../event-time/watermark.ts';
import { defineComponent, type StageContext, type StageOutput } from '../../component.ts';
import { AsofMatcher, asofRightStateSchema } from './asof-matcher.ts';

const column = z.string().min(1).max(128);

export const asofJoinConfigSchema = z.object({
  by: z.array(column).max(16).default([]).describe('Key columns both inputs carry; a left row matches only right rows with the same values, e.g. ["machine"]'),
  toleranceMs: z.number().min(0).max(31 * 86_400_000).optional().describe('Oldest a right row may be (ms before the left row) to match; unbounded when left out'),
  columns: z.array(column).max(256).optional().describe('Right columns to copy; by default every right column but time and the keys'),
  prefix: z.string().max(64).default('').describe('Put before each copied right column name, e.g. "setpoint_"'),
  rightTimeAs: column.optional().describe('Also copy the matched right row\'s time into this column'),
  unmatched: z.enum(['keep', 'drop']).default('keep').describe('keep: a left row without a match comes out with the right columns null (left join); drop: it is left out (inner join)'),
  leftInput: stageInputRefSchema.optional().describe('In stream mode, which needs reference is the left input when the executor does not say; by default the first of needs'),
  maxOutOfOrderMs: maxOutOfOrderSchema,
  ...stateLimitsShape,
});
type AsofJoinConfig = z.output<typeof asofJoinConfigSchema>;

const asofJoinStateSchema = z.object({
  left: z.object({ watermark: watermarkStateSchema, pending: reorderBufferStateSchema }),
  right: z.object({ watermark: watermarkStateSchema, keys: asofRightStateSchema }),
});

function joinAll(matcher: AsofMatcher, leftRows: readonly PipelineRow[]): PipelineRow[] {
  const joined: PipelineRow[] = [];
  for (const row of leftRows) {
    const result = matcher.join(row);
    if (result !== null) joined.push(result);
  }
  return joined;
}

/** The needs references in order, where the executor hands them to the stage. */
function leftInputRef(context: StageContext<AsofJoinConfig>): string {
  const needs: unknown = Reflect.get(context, 'needs');
  if (Array.isArray(needs) && typeof needs[0] === 'string') return needs[0];
  if (context.config.leftInput !== undefined) return context.config.leftInput;
  throw new Error('transform.asof-join cannot tell its left input in stream mode: set "leftInput" to the first of its needs');
}

export const asofJoinComponent = defineComponent({
  name: 'transform.asof-join',
  category: 'transform',
  title: 'As-of join',
  description: [
    'Joins each row of the first input (left) to the latest row of the second input (right) at or before its time, with the same key columns: the setpoint in force when a temperature was read, the product running when a counter moved, the last quality result before a batch ended.',
    'Use it to line up two streams that are not sampled together; needs takes two references, the left one first.',
    'Each left row comes out once, with the right row\'s columns added (prefixed with "prefix"; a left column of the same name wins). With toleranceMs, a right row older than that does not match. An unmatched left row comes out with the right columns null (unmatched: "keep") or not at all ("drop"). Equal right times: the later row wins.',
    'Stream mode holds a left row until the right input\'s watermark has passed its time, so a right row still in flight is not missed, and keeps per key only the right rows a left row to come can still match (bounded by maxBufferedRows). Rows arriving behind their input\'s watermark go unchanged to the "late" port.',
    'Example: with needs ["temps", "setpoints"] and {"by":["machine"],"columns":["Setpoint"],"toleranceMs":3600000}, {time: 10:05, machine:"Oven2", Temp:231} becomes {time: 10:05, machine:"Oven2", Temp:231, Setpoint:230} from the setpoint written at 10:00.',
  ].join('\n'),
  config: asofJoinConfigSchema,
  input: { kind: 'rows', min: 2, max: 2 },
  output: { kind: 'rows', extra: () => ['late'] },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Setpoint in force for each temperature reading', with: { by: ['machine'], columns: ['Setpoint'], toleranceMs: 3_600_000, rightTimeAs: 'setpointTime' } }],
  async run(context, inputs) {
    const [left, right] = inputs;
    const matcher = new AsofMatcher(context.config);
    for (const row of right?.rows ?? []) matcher.addRight(row);
    const rows = joinAll(matcher, sortByEventTime(left?.rows ?? []));
    return { rows, ports: { late: [] } };
  },
  stream(context, restored) {
    const state = restored === undefined || restored === null ? undefined : asofJoinStateSchema.parse(restored);
    const leftRef = leftInputRef(context);
    const config = context.config;
    const leftWatermark = new WatermarkTracker(config.maxOutOfOrderMs, state?.left.watermark);
    const rightWatermark = new WatermarkTracker(config.maxOutOfOrderMs, state?.right.watermark);
    const pending = new ReorderBuffer(config.maxBufferedRows, state?.left.pending);
    const matcher = new AsofMatcher(config, state?.right.keys);

    /** Left rows whose time the right watermark has passed can be joined for good; right rows no later left row can reach are dropped. */
    const release = (late: PipelineRow[]): StageOutput => {
      const rows = joinAll(matcher, pending.release(rightWatermark.current));
      const earliestPending = pending.snapshot().reduce((earliest, row) => Math.min(earliest, eventTimeOf(row)), Number.POSITIVE_INFINITY);
      matcher.prune(Math.min(leftWatermark.current, earliestPending));
      return { rows, ports: { late } };
    };

    return {
      process(inputRef, rows) {
        const isLeft = inputRef === leftRef;
        const tracker = isLeft ? leftWatermark : rightWatermark;
        const late: PipelineRow[] = [];
        for (const row of rows) {
          const time = eventTimeOf(row);
          if (tracker.isBehind(time)) {
            late.push(row);
            continue;
          }
          if (isLeft) pending.add(row);
          else matcher.addRight(row);
          tracker.observe(time);
        }
        return release(late);
      },
      advance(watermark) {
        leftWatermark.advanceTo(watermark);
        rightWatermark.advanceTo(watermark);
        return release([]);
      },
      snapshot: () => ({
        left: { watermark: leftWatermark.snapshot(), pending: pending.snapshot() },
        right: { watermark: rightWatermark.snapshot(), keys: matcher.snapshot() },
      }),
    };
  },
});

import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent, type ConfigExpression, type StageContext, type StageOutput } from '../../component.ts';
import { bindExpression, columnNameSchema, entriesAt, evaluateScalar, expressionSchema, scopeFor } from './expression-config.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

const mapConfigSchema = z.object({
  set: z.record(columnNameSchema, expressionSchema).default({}).describe('Columns to set, each from an expression over the incoming row, e.g. {"temp_f": "ZoneTemperature1 * 9 / 5 + 32"}'),
  rename: z.record(columnNameSchema, columnNameSchema).default({}).describe('Columns to rename, old name to new name, applied after set'),
  drop: z.array(columnNameSchema).max(256).default([]).describe('Columns to remove, applied last'),
});
type MapConfig = z.output<typeof mapConfigSchema>;

const mapExpressions = (config: MapConfig): ConfigExpression[] => entriesAt('set', config.set);

function mapRows(context: StageContext<MapConfig>): (rows: PipelineRow[]) => StageOutput {
  const assignments = mapExpressions(context.config).map((entry) => ({ column: String(entry.path[1]), bound: bindExpression(entry) }));
  const renames = Object.entries(context.config.rename);
  const drops = context.config.drop;
  return (rows) => ({
    rows: rows.map((row) => {
      const scope = scopeFor(context, row);
      // Every expression sees the incoming row, so the order of `set` never matters.
      const computed = assignments.map(({ column, bound }) => [column, evaluateScalar(bound, scope)] as const);
      const output: PipelineRow = { ...row };
      for (const [column, value] of computed) output[column] = value;
      for (const [from, to] of renames) {
        if (!Object.hasOwn(output, from)) continue;
        output[to] = output[from] as PipelineRow[string];
        delete output[from];
      }
      for (const column of drops) delete output[column];
      return output;
    }),
  });
}

export const mapComponent = defineComponent({
  name: 'transform.map',
  category: 'transform',
  title: 'Set, rename and drop columns',
  description:
    'Reshapes each row: `set` computes columns from expressions over the incoming row (all of them see the row as it came in), then `rename` renames columns, then `drop` removes them. Rows keep their other columns, `time` included.',
  config: mapConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: 'Fahrenheit, a status column and a tidier name',
      with: { set: { temp_f: 'ZoneTemperature1 * 9 / 5 + 32', status: 'ZoneTemperature1 > 230 ? "hot" : "ok"' }, rename: { ZoneTemperature1: 'temp_c' }, drop: ['raw'] },
    },
  ],
  expressions: mapExpressions,
  run: async (context, inputs) => mapRows(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(mapRows(context)),
});

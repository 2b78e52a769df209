import type { PipelineRow, PipelineScalar } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent, type ConfigExpression, type StageContext, type StageOutput } from '../../component.ts';
import { bindExpression, columnNameSchema, evaluateScalar, expressionSchema, scopeFor, type BoundExpression } from './expression-config.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

const constantSchema = z.union([z.number(), z.boolean(), z.null()]).describe('A constant written as is');
const leafSchema = z.union([expressionSchema, constantSchema]);
const groupSchema = z.record(columnNameSchema, leafSchema).describe('A group: its keys become columns "group.key"');

const jsonTransformConfigSchema = z.object({
  template: z
    .record(columnNameSchema, z.union([leafSchema, groupSchema]))
    .refine((template) => Object.keys(template).length > 0, 'the template needs at least one column')
    .describe('The output row: each key a column, each value an expression (strings), a constant (numbers, booleans, null) or a group of them'),
  keep: z.boolean().default(false).describe('Keep the incoming columns too (the template wins on a clash)'),
});
type JsonTransformConfig = z.output<typeof jsonTransformConfigSchema>;

type Leaf = z.output<typeof leafSchema>;
type Cell = { column: string; constant: PipelineScalar } | { column: string; bound: BoundExpression };

function templateCells(config: JsonTransformConfig): { column: string; path: (string | number)[]; leaf: Leaf }[] {
  return Object.entries(config.template).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? Object.entries(value).map(([inner, leaf]) => ({ column: `${key}.${inner}`, path: ['template', key, inner], leaf }))
      : [{ column: key, path: ['template', key], leaf: value }],
  );
}

const jsonTransformExpressions = (config: JsonTransformConfig): ConfigExpression[] =>
  templateCells(config).flatMap(({ path, leaf }) => (typeof leaf === 'string' ? [{ path, source: leaf }] : []));

function transformRows(context: StageContext<JsonTransformConfig>): (rows: PipelineRow[]) => StageOutput {
  const cells: Cell[] = templateCells(context.config).map(({ column, path, leaf }) =>
    typeof leaf === 'string' ? { column, bound: bindExpression({ path, source: leaf }) } : { column, constant: leaf },
  );
  return (rows) => ({
    rows: rows.map((row) => {
      const scope = scopeFor(context, row);
      const output: PipelineRow = context.config.keep ? { ...row } : {};
      for (const cell of cells) output[cell.column] = 'bound' in cell ? evaluateScalar(cell.bound, scope) : cell.constant;
      return output;
    }),
  });
}

export const jsonTransformComponent = defineComponent({
  name: 'transform.json-transform',
  category: 'transform',
  title: 'Build rows from a template',
  description:
    'Builds each output row from a template: every key is an output column and every value an expression over the incoming row (a string), a constant (a number, true, false or null) or a group of them, whose keys become "group.key" columns since rows are flat. Only the template\'s columns are kept unless `keep` is true.',
  config: jsonTransformConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: 'A compact reading with its unit',
      with: { template: { time: 'time', asset: 'concat(line, "/", machine)', temperature: { value: 'round(ZoneTemperature1, 1)', unit: '"Cel"' }, version: 1 } },
    },
  ],
  expressions: jsonTransformExpressions,
  run: async (context, inputs) => transformRows(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(transformRows(context)),
});

import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { isTruthy } from '../../../expressions/index.ts';
import { defineComponent, type StageContext, type StageOutput } from '../../component.ts';
import { bindExpression, evaluateBound, expressionSchema, scopeFor } from './expression-config.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

const filterConfigSchema = z.object({
  where: expressionSchema.describe('Rows for which this is true pass (null, false, 0 and "" do not), e.g. "ZoneTemperature1 > params.limit"'),
});
type FilterConfig = z.output<typeof filterConfigSchema>;

function filterRows(context: StageContext<FilterConfig>): (rows: PipelineRow[]) => StageOutput {
  const where = bindExpression({ path: ['where'], source: context.config.where });
  return (rows) => ({ rows: rows.filter((row) => isTruthy(evaluateBound(where, scopeFor(context, row)))) });
}

export const filterComponent = defineComponent({
  name: 'transform.filter',
  category: 'transform',
  title: 'Filter rows',
  description:
    "Keeps the rows for which an expression is true and drops the others. The expression reads the row's columns by name, the run's params as params.x and variables as vars.x; a missing column reads as null, and an ordering comparison with null is false.",
  config: filterConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Oven readings above the limit', with: { where: 'machine in ["Oven1", "Oven2"] and ZoneTemperature1 > params.limit' } }],
  expressions: (config) => [{ path: ['where'], source: config.where }],
  run: async (context, inputs) => filterRows(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(filterRows(context)),
});

import type { PipelineRow } from '@facilflow/contracts';
import { z } from 'zod';
import { defineComponent, type StageContext, type StageOutput } from '../../component.ts';
import { bindExpression, entriesAt, evaluateScalar, expressionSchema, scopeFor } from './expression-config.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

const variableNameSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, 'a variable name is letters, digits and _, not starting with a digit');

const variableSetConfigSchema = z.object({
  set: z
    .record(variableNameSchema, expressionSchema)
    .refine((set) => Object.keys(set).length > 0, 'set at least one variable')
    .describe('Variables to set, each from an expression, e.g. {"last_temp": "ZoneTemperature1"}; later stages read them as vars.name'),
  from: z.enum(['last', 'first']).default('last').describe('Which row of the input the expressions read'),
});
type VariableSetConfig = z.output<typeof variableSetConfigSchema>;

function setVariables(context: StageContext<VariableSetConfig>): (rows: PipelineRow[]) => StageOutput {
  const assignments = entriesAt('set', context.config.set).map((entry) => ({ name: String(entry.path[1]), bound: bindExpression(entry) }));
  return (rows) => {
    const row = context.config.from === 'first' ? rows[0] : rows[rows.length - 1];
    // No rows, nothing to read: the variables keep what earlier rows or stages gave them.
    if (row === undefined) return { rows };
    const scope = scopeFor(context, row);
    const values = assignments.map(({ name, bound }) => [name, evaluateScalar(bound, scope)] as const);
    for (const [name, value] of values) context.vars.set(name, value);
    return { rows };
  };
}

export const variableSetComponent = defineComponent({
  name: 'transform.variable-set',
  category: 'transform',
  title: 'Set run variables',
  description:
    "Sets the run's variables from expressions over one row of its input (the last by default, or the first) and passes the rows on unchanged. Later stages read them as vars.name. With no input rows the variables are left as they were.",
  config: variableSetConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [{ title: 'Remember the latest temperature and its time', with: { set: { last_temp: 'ZoneTemperature1', last_time: 'time' } } }],
  expressions: (config) => entriesAt('set', config.set),
  run: async (context, inputs) => setVariables(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(setVariables(context)),
});

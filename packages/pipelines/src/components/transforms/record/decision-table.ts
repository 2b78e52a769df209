import type { PipelineRow } from '@facilflow/contracts';
import { defineComponent, type StageContext, type StageOutput } from '../../component.ts';
import { compileTable } from './decision-table/compile-table.ts';
import { applyHitPolicy, HitPolicyViolation } from './decision-table/hit-policy.ts';
import { decisionTableConfigSchema, type DecisionTableConfig } from './decision-table/table-config.ts';
import { bindExpression, evaluateScalar, scopeFor } from './expression-config.ts';
import { singleInput, statelessOperator } from './stateless-operator.ts';

function decide(context: StageContext<DecisionTableConfig>): (rows: PipelineRow[]) => StageOutput {
  const { config } = context;
  const table = compileTable(config);
  if (!table.ok) throw new Error(table.issues.map((issue) => issue.message).join('; '));
  const inputs = config.inputs.map((input, index) => bindExpression({ path: ['inputs', index, 'expression'], source: input.expression }));
  return (rows) => ({
    rows: rows.flatMap((row, rowIndex) => {
      const scope = scopeFor(context, row);
      const values = inputs.map((input) => evaluateScalar(input, scope));
      const matches = table.rules.filter((rule) => rule.tests.every((test, column) => test(values[column] ?? null)));
      let results;
      try {
        results = applyHitPolicy(matches, table.hitPolicy);
      } catch (error) {
        if (error instanceof HitPolicyViolation) throw new Error(`row ${rowIndex + 1}: ${error.message}`, { cause: error });
        throw error;
      }
      if (results.length === 0) return config.noMatch === 'drop' ? [] : [withOutputs(row, config, config.outputs.map(() => null))];
      return results.map((outputs) => withOutputs(row, config, outputs));
    }),
  });
}

function withOutputs(row: PipelineRow, config: DecisionTableConfig, outputs: readonly (PipelineRow[string] | undefined)[]): PipelineRow {
  const output: PipelineRow = { ...row };
  config.outputs.forEach((definition, index) => {
    output[definition.name] = outputs[index] ?? null;
  });
  return output;
}

export const decisionTableComponent = defineComponent({
  name: 'transform.decision-table',
  category: 'transform',
  title: 'Decision table',
  description:
    'A DMN-style decision table. Each input is an expression over the row; each rule has one entry per input ("-" any, a value, "> 5", "[10..20)", a list "1, 2", "not(...)") and one value per output. The hit policy picks the answer: UNIQUE (at most one rule may match, otherwise the stage fails naming the rules), FIRST, PRIORITY (by each output\'s priority list), ANY (matching rules must agree) or COLLECT (a row per match, or with aggregation SUM/MIN/MAX/COUNT one row). Outputs are added to the row as columns; a row no rule matches gets null outputs or is dropped.',
  config: decisionTableConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows' },
  modes: ['batch', 'stream'],
  examples: [
    {
      title: 'Oven state from temperature and door',
      with: {
        inputs: [{ label: 'temperature', expression: 'ZoneTemperature1' }, { label: 'door', expression: 'DoorOpen' }],
        outputs: [{ name: 'oven_state' }],
        hitPolicy: 'FIRST',
        rules: [
          { when: ['> 250', '-'], then: ['overheat'], description: 'too hot' },
          { when: ['-', 'true'], then: ['door_open'] },
          { when: ['[180..250]', 'false'], then: ['baking'] },
          { when: ['-', '-'], then: ['idle'] },
        ],
      },
    },
  ],
  expressions: (config) => config.inputs.map((input, index) => ({ path: ['inputs', index, 'expression'], source: input.expression })),
  check: (config) => {
    const table = compileTable(config);
    return table.ok ? [] : table.issues;
  },
  run: async (context, inputs) => decide(context)(singleInput(inputs)),
  stream: (context) => statelessOperator(decide(context)),
});

import { z } from 'zod';
import { defineComponent } from '../component.ts';
import { rowConditionSchema, rowMatches } from './row-condition.ts';

const conditionalConfigSchema = z.object({ condition: rowConditionSchema });

export const conditionalComponent = defineComponent({
  name: 'control.conditional',
  category: 'control',
  title: 'Conditional',
  description:
    'Splits rows in two by a condition on one column: rows that meet it go to the `true` port, the others to `false` (the main output carries the `true` rows too). ' +
    'Read a branch as "stageId.true" or "stageId.false"; a branch that receives no rows is not taken, and the stages that read only it are skipped. ' +
    'The condition compares a column with a value: eq, ne, gt, gte, lt, lte, in, not_in, is_null, not_null. A null or missing column never meets an ordering comparison.',
  config: conditionalConfigSchema,
  input: { kind: 'rows', min: 1, max: 1 },
  output: { kind: 'rows', extra: () => ['true', 'false'] },
  modes: ['batch'],
  examples: [{ title: 'Oven too hot', with: { condition: { column: 'ZoneTemperature1', op: 'gt', value: 230 } } }],
  run: (context, inputs) => {
    const rows = inputs.flatMap((input) => input.rows);
    const matched = rows.filter((row) => rowMatches(row, context.config.condition));
    const unmatched = rows.filter((row) => !rowMatches(row, context.config.condition));
    return Promise.resolve({ rows: matched, ports: { true: matched, false: unmatched } });
  },
});

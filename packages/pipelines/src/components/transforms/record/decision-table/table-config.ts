import { pipelineScalarSchema } from '@facilflow/contracts';
import { z } from 'zod';
import { columnNameSchema, expressionSchema } from '../expression-config.ts';
import { AGGREGATIONS, HIT_POLICIES } from './hit-policy.ts';

export const decisionTableConfigSchema = z.object({
  inputs: z
    .array(z.object({ label: z.string().min(1).max(200).optional(), expression: expressionSchema }))
    .min(1)
    .max(32)
    .describe('What each rule column tests, e.g. [{"expression": "ZoneTemperature1"}, {"expression": "machine"}]'),
  outputs: z
    .array(
      z.object({
        name: columnNameSchema.describe('The column the output is written to'),
        priority: z.array(pipelineScalarSchema).min(1).max(256).optional().describe('PRIORITY: this output\'s values, most important first'),
      }),
    )
    .min(1)
    .max(32),
  rules: z
    .array(
      z.object({
        when: z.array(z.string().max(1000)).describe('One input entry per input: "-" (any), 5, "\\"Oven2\\"", "> 5", "[10..20)", a list "1, 2, [5..7]" or "not(...)"'),
        then: z.array(pipelineScalarSchema).describe('One value per output'),
        description: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(1000),
  hitPolicy: z.enum(HIT_POLICIES).default('UNIQUE').describe('UNIQUE: at most one rule may match; FIRST: the first match; PRIORITY: the match with the highest-priority output; ANY: matches must agree; COLLECT: all matches'),
  aggregation: z.enum(AGGREGATIONS).optional().describe('COLLECT only: one row with the SUM, MIN, MAX or COUNT of the matches instead of a row per match'),
  noMatch: z.enum(['null', 'drop']).default('null').describe('When no rule matches: pass the row with null outputs, or drop it'),
});
export type DecisionTableConfig = z.output<typeof decisionTableConfigSchema>;

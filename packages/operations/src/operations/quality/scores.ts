import { qualityScoresInput, qualityScoresOutput } from '@facilflow/contracts';
import { getQualityScores } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const qualityScores = defineOperation({
  name: 'quality.scores',
  title: 'Data quality scores',
  description:
    'Data-quality scores (0..1, 1 clean: the share of samples no check flagged) over a time range (default: the last hour), per measurement ' +
    'and per field (worst first), optionally per window, and the flagged windows of single series. Checks: range, null, missing, freshness, ' +
    'flatline, spike, rate of change, drift. Filter by measurement, field, series ("k=v,k=v").',
  scope: 'tenant',
  permission: ['read', 'Quality'],
  effect: 'read',
  input: qualityScoresInput,
  output: qualityScoresOutput,
  handler: (ctx, input) => getQualityScores(ctx.services, ctx.scope, input),
});

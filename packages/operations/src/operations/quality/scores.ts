import { qualityScoresInput, qualityScoresOutput } from '@facilflow/contracts';
import { getQualityScores } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const qualityScores = defineOperation({
  name: 'quality.scores',
  title: 'Data quality scores',
  description:
    'Data-quality scores (0..1, 1 is clean) of the tenant\'s telemetry over a time range (default: the last hour): per measurement, ' +
    'per measurement and field over all its series (worst first, with the series most flagged), optionally per window, and the windows ' +
    'of single series in which a check flagged samples. A score is the share of samples no check flagged ' +
    '(range, null, missing, freshness, flatline, spike, rate of change, drift); counts say how many samples each check flagged. ' +
    'Filter by measurement, field and series (canonical tag set "k=v,k=v", for the series windows).',
  scope: 'tenant',
  permission: ['read', 'Quality'],
  effect: 'read',
  input: qualityScoresInput,
  output: qualityScoresOutput,
  handler: (ctx, input) => getQualityScores(ctx.services, ctx.scope, input),
});

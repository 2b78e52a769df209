import { qualityIssuesInput, qualityIssuesOutput } from '@facilflow/contracts';
import { listQualityIssues } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const qualityIssues = defineOperation({
  name: 'quality.issues',
  title: 'Data quality issues',
  description:
    'Data-quality issues found in live telemetry, newest first: values out of range, null or missing values, series that stopped ' +
    'reporting (freshness), flatlines, spikes, jumps (rate of change) and drifts, each for one series and field, with what was ' +
    'measured and when it started, was last seen and ended. Open issues by default; filter by status, measurement, series, field, ' +
    'check and time; page with nextCursor.',
  scope: 'tenant',
  permission: ['read', 'Quality'],
  effect: 'read',
  input: qualityIssuesInput,
  output: qualityIssuesOutput,
  handler: (ctx, input) => listQualityIssues(ctx.services, ctx.scope, input),
});

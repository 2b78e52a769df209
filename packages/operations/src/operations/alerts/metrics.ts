import { alertMetricsInput, alertMetricsOutput } from '@facilflow/contracts';
import { alertMetrics } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertsMetrics = defineOperation({
  name: 'alerts.metrics',
  title: 'Alarm metrics',
  description:
    'Alarm-management figures over a period (default the last 24 h), after ISA-18.2: alarms per 10 minutes (overall and per ' +
    'operator), the busiest 10 minutes and flood share, the 10 most frequent rules, standing and stale alarms, chattering ones.',
  scope: 'tenant',
  permission: ['read', 'Alert'],
  effect: 'read',
  input: alertMetricsInput,
  output: alertMetricsOutput,
  handler: async (ctx, input) => ({ metrics: await alertMetrics(ctx.services, ctx.scope, input) }),
});

import { createAlertRuleInput, createAlertRuleOutput } from '@facilflow/contracts';
import { createAlertRule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertRulesCreate = defineOperation({
  name: 'alertRules.create',
  title: 'Create alert rule',
  description:
    'Adds an alert rule on live telemetry: a condition on measurement.field (threshold above/below with a separate clear value; ' +
    'rate of change per minute over a window; no data for N seconds; data-quality score below a bound; anomaly z-score or EWMA ' +
    'above k) or on pipeline events (sink.event), per series (tag set) or grouped, with on-delay, off-delay, minimum firing time, ' +
    'severity, priority 1-4, labels and a summary template. It evaluates from the next point on.',
  scope: 'tenant',
  permission: ['create', 'AlertRule'],
  effect: 'write',
  input: createAlertRuleInput,
  output: createAlertRuleOutput,
  handler: async (ctx, input) => ({ rule: await createAlertRule(ctx.services, ctx.scope, input.spec) }),
});

import { listAlertRulesInput, listAlertRulesOutput } from '@facilflow/contracts';
import { listAlertRules } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertRulesList = defineOperation({
  name: 'alertRules.list',
  title: 'Alert rules',
  description:
    'The tenant\'s alert rules by name: what each watches (measurement, field, tag filter), its condition (threshold, rate of ' +
    'change, no data, quality score, anomaly or pipeline event), delays, severity and priority. Filter by enabled and measurement.',
  scope: 'tenant',
  permission: ['read', 'AlertRule'],
  effect: 'read',
  input: listAlertRulesInput,
  output: listAlertRulesOutput,
  handler: async (ctx, input) => ({ rules: await listAlertRules(ctx.services, ctx.scope, input) }),
});

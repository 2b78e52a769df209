import { getAlertRuleInput, getAlertRuleOutput } from '@facilflow/contracts';
import { getAlertRule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertRulesGet = defineOperation({
  name: 'alertRules.get',
  title: 'Alert rule details',
  description: 'One alert rule with its whole spec, version and who changed it last.',
  scope: 'tenant',
  permission: ['read', 'AlertRule'],
  effect: 'read',
  input: getAlertRuleInput,
  output: getAlertRuleOutput,
  handler: async (ctx, input) => ({ rule: await getAlertRule(ctx.services, ctx.scope, input.id) }),
});

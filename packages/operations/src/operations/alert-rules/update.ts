import { updateAlertRuleInput, updateAlertRuleOutput } from '@facilflow/contracts';
import { updateAlertRule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertRulesUpdate = defineOperation({
  name: 'alertRules.update',
  title: 'Change alert rule',
  description:
    'Replaces an alert rule\'s spec (its version grows by one); open alerts stay open and are evaluated by the new spec. ' +
    'Disabling a rule (enabled: false) resolves its open alerts.',
  scope: 'tenant',
  permission: ['update', 'AlertRule'],
  effect: 'write',
  input: updateAlertRuleInput,
  output: updateAlertRuleOutput,
  handler: async (ctx, input) => ({ rule: await updateAlertRule(ctx.services, ctx.scope, input) }),
});

import { deleteAlertRuleInput, deleteAlertRuleOutput } from '@facilflow/contracts';
import { deleteAlertRule, planDeleteAlertRule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const alertRulesDelete = defineOperation({
  name: 'alertRules.delete',
  title: 'Delete alert rule',
  description:
    'Deletes an alert rule and resolves its open alerts (their history stays). Destructive: the first call returns a plan and ' +
    'a confirmation token, the second call with the token applies it; asked by a model, a person approves it.',
  scope: 'tenant',
  permission: ['delete', 'AlertRule'],
  effect: 'destructive',
  input: deleteAlertRuleInput,
  output: deleteAlertRuleOutput,
  plan: (ctx, input) => planDeleteAlertRule(ctx.services, ctx.scope, input),
  handler: (ctx, input) => deleteAlertRule(ctx.services, ctx.scope, input),
});

import { getNotificationPolicyInput, getNotificationPolicyOutput } from '@facilflow/contracts';
import { getNotificationPolicy } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const notificationPoliciesGet = defineOperation({
  name: 'notificationPolicies.get',
  title: 'Get notification policy',
  description:
    'The tenant\'s alert routing: an ordered list of routes (match on severity, ISA-95 asset prefix, labels, rule → channels; ' +
    '`continue`, repeat interval, escalation) and the default channels.',
  scope: 'tenant',
  permission: ['read', 'Notification'],
  effect: 'read',
  input: getNotificationPolicyInput,
  output: getNotificationPolicyOutput,
  handler: (ctx) => getNotificationPolicy(ctx.services, ctx.scope),
});

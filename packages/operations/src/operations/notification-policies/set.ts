import { setNotificationPolicyInput, setNotificationPolicyOutput } from '@facilflow/contracts';
import { setNotificationPolicy } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const notificationPoliciesSet = defineOperation({
  name: 'notificationPolicies.set',
  title: 'Set notification policy',
  description:
    'Replaces the tenant\'s alert routing. Routes are tried in order; the first match ends routing unless it says `continue`; an alert ' +
    'no route matches goes to `defaultChannels`. `repeatIntervalMinutes` notifies again while the alert fires unacknowledged; ' +
    '`escalation` notifies more channels when it is still unacknowledged N minutes after it fired. Channel ids come from channels.list.',
  scope: 'tenant',
  permission: ['update', 'Notification'],
  effect: 'write',
  input: setNotificationPolicyInput,
  output: setNotificationPolicyOutput,
  handler: (ctx, input) => setNotificationPolicy(ctx.services, ctx.scope, input.policy),
});

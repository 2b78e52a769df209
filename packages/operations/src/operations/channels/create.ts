import { createChannelInput, createChannelOutput } from '@facilflow/contracts';
import { createChannel } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const channelsCreate = defineOperation({
  name: 'channels.create',
  title: 'Create notification channel',
  description:
    'Adds a channel alerts can be routed to: `webhook` (signed JSON POST), `slack` (an incoming-webhook URL) or `email` (SMTP). URLs ' +
    'and SMTP hosts must be on the hosts an admin allows (FACILFLOW_PIPELINE_HTTP_HOSTS). A webhook channel\'s signing secret is ' +
    'returned once: receivers check `x-facilflow-signature: sha256=HMAC(secret, "<x-facilflow-timestamp>.<body>")`. Route alerts to it ' +
    'with notificationPolicies.set.',
  scope: 'tenant',
  permission: ['create', 'Notification'],
  effect: 'write',
  input: createChannelInput,
  output: createChannelOutput,
  handler: (ctx, input) => createChannel(ctx.services, ctx.scope, input),
});

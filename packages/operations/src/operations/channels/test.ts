import { testChannelInput, testChannelOutput } from '@facilflow/contracts';
import { testChannel } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const channelsTest = defineOperation({
  name: 'channels.test',
  title: 'Test notification channel',
  description:
    'Sends a test notification through the channel now, once (no retries), and answers whether it was delivered, with the status code ' +
    'or the error.',
  scope: 'tenant',
  permission: ['update', 'Notification'],
  effect: 'write',
  input: testChannelInput,
  output: testChannelOutput,
  handler: (ctx, input) => testChannel(ctx.services, ctx.scope, input.id),
});

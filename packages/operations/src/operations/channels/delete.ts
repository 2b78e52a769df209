import { deleteChannelInput, deleteChannelOutput } from '@facilflow/contracts';
import { deleteChannel, planDeleteChannel } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const channelsDelete = defineOperation({
  name: 'channels.delete',
  title: 'Delete notification channel',
  description:
    'Deletes a channel; its delivery log stays. Destructive: the first call returns a plan and a confirmation token.',
  scope: 'tenant',
  permission: ['delete', 'Notification'],
  effect: 'destructive',
  input: deleteChannelInput,
  output: deleteChannelOutput,
  plan: (ctx, input) => planDeleteChannel(ctx.services, ctx.scope, input.id),
  handler: (ctx, input) => deleteChannel(ctx.services, ctx.scope, input.id),
});

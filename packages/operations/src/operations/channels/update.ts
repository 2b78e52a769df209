import { updateChannelInput, updateChannelOutput } from '@facilflow/contracts';
import { updateChannel } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const channelsUpdate = defineOperation({
  name: 'channels.update',
  title: 'Update notification channel',
  description:
    'Renames, enables or disables a channel, or changes where it points (settings of the same kind; a Slack URL or SMTP password left ' +
    'out is kept).',
  scope: 'tenant',
  permission: ['update', 'Notification'],
  effect: 'write',
  input: updateChannelInput,
  output: updateChannelOutput,
  handler: async (ctx, input) => ({ channel: await updateChannel(ctx.services, ctx.scope, input) }),
});

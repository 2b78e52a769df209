import { listChannelsInput, listChannelsOutput } from '@facilflow/contracts';
import { listChannels } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const channelsList = defineOperation({
  name: 'channels.list',
  title: 'List notification channels',
  description:
    'The tenant\'s notification channels (webhook, Slack, e-mail): where each points, whether it is enabled. Secrets are never shown.',
  scope: 'tenant',
  permission: ['read', 'Notification'],
  effect: 'read',
  input: listChannelsInput,
  output: listChannelsOutput,
  handler: async (ctx) => ({ channels: await listChannels(ctx.services, ctx.scope) }),
});

import { listWebhooksInput, listWebhooksOutput } from '@facilflow/contracts';
import { listWebhooks } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const webhooksList = defineOperation({
  name: 'webhooks.list',
  title: 'List outgoing webhooks',
  description:
    'The tenant\'s outgoing webhooks: URL and the events each receives. Secrets are never shown.',
  scope: 'tenant',
  permission: ['read', 'Notification'],
  effect: 'read',
  input: listWebhooksInput,
  output: listWebhooksOutput,
  handler: async (ctx) => ({ webhooks: await listWebhooks(ctx.services, ctx.scope) }),
});

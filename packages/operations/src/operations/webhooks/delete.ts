import { deleteWebhookInput, deleteWebhookOutput } from '@facilflow/contracts';
import { deleteWebhook, planDeleteWebhook } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const webhooksDelete = defineOperation({
  name: 'webhooks.delete',
  title: 'Delete outgoing webhook',
  description:
    'Deletes an outgoing webhook; its delivery log stays. Destructive: the first call returns a plan and a confirmation token.',
  scope: 'tenant',
  permission: ['delete', 'Notification'],
  effect: 'destructive',
  input: deleteWebhookInput,
  output: deleteWebhookOutput,
  plan: (ctx, input) => planDeleteWebhook(ctx.services, ctx.scope, input.id),
  handler: (ctx, input) => deleteWebhook(ctx.services, ctx.scope, input.id),
});

import { createWebhookInput, createWebhookOutput } from '@facilflow/contracts';
import { createWebhook } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const webhooksCreate = defineOperation({
  name: 'webhooks.create',
  title: 'Create outgoing webhook',
  description:
    'Subscribes a URL (on a host FACILFLOW_PIPELINE_HTTP_HOSTS allows) to tenant events: alert.triggered, alert.resolved, run.finished, ' +
    'run.failed, agent.offline, approval.requested, approval.decided, deadLetter.recorded. Each event is POSTed as signed JSON `{ id, ' +
    'type, tenantId, occurredAt, data }`, retried with backoff, and logged (deliveries.list). The signing secret is returned once.',
  scope: 'tenant',
  permission: ['create', 'Notification'],
  effect: 'write',
  input: createWebhookInput,
  output: createWebhookOutput,
  handler: (ctx, input) => createWebhook(ctx.services, ctx.scope, input),
});

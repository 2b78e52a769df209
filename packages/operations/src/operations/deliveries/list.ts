import { listDeliveriesInput, listDeliveriesOutput } from '@facilflow/contracts';
import { listDeliveries } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const deliveriesList = defineOperation({
  name: 'deliveries.list',
  title: 'List deliveries',
  description:
    'The delivery log of notification channels and outgoing webhooks, newest first: event, target, status (pending, delivered, failed), ' +
    'attempts, last status code and error.',
  scope: 'tenant',
  permission: ['read', 'Notification'],
  effect: 'read',
  input: listDeliveriesInput,
  output: listDeliveriesOutput,
  handler: async (ctx, input) => ({ deliveries: await listDeliveries(ctx.services, ctx.scope, input) }),
});

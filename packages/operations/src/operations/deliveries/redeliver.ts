import { redeliverInput, redeliverOutput } from '@facilflow/contracts';
import { redeliver } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const deliveriesRedeliver = defineOperation({
  name: 'deliveries.redeliver',
  title: 'Redeliver',
  description:
    'Sends a logged delivery (delivered or failed) again as a new delivery of the same event: same event id (`x-facilflow-event-id`), ' +
    'fresh attempts and signature.',
  scope: 'tenant',
  permission: ['update', 'Notification'],
  effect: 'write',
  input: redeliverInput,
  output: redeliverOutput,
  handler: async (ctx, input) => ({ delivery: await redeliver(ctx.services, ctx.scope, input.id) }),
});

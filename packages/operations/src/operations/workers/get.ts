import { getWorkerInput, getWorkerOutput } from '@facilflow/contracts';
import { getWorker } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const workersGet = defineOperation({
  name: 'workers.get',
  title: 'Run worker',
  description: 'One run worker, as in workers.list. Example: {"id": "worker-…"}.',
  scope: 'tenant',
  permission: ['read', 'Worker'],
  effect: 'read',
  input: getWorkerInput,
  output: getWorkerOutput,
  handler: async (ctx, input) => ({ worker: await getWorker(ctx.services, ctx.scope, input) }),
});

import { drainWorkerInput, drainWorkerOutput } from '@facilflow/contracts';
import { drainWorker } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const workersDrain = defineOperation({
  name: 'workers.drain',
  title: 'Drain run worker',
  description:
    'Asks a worker to drain: it claims no new run, finishes the runs it holds, then shows drained (before a restart or ' +
    'scale-in). Workers serve every tenant, so only owners and admins of the deployment\'s operator tenant ' +
    '(FACILFLOW_OPERATOR_TENANT) may drain; FORBIDDEN for any other tenant. Example: {"id": "worker-…"}.',
  scope: 'tenant',
  permission: ['manage', 'Worker'],
  effect: 'write',
  input: drainWorkerInput,
  output: drainWorkerOutput,
  handler: async (ctx, input) => ({ worker: await drainWorker(ctx.services, ctx.scope, input) }),
});

import { listWorkersInput, listWorkersOutput } from '@facilflow/contracts';
import { listWorkers } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const workersList = defineOperation({
  name: 'workers.list',
  title: 'Run workers',
  description:
    'The run workers of the deployment, of one cluster or all: state, capacity, load (a count over every tenant), labels, ' +
    'version, heartbeat age, and the ids of your tenant\'s runs each one holds. Example: {"cluster": "default"}.',
  scope: 'tenant',
  permission: ['read', 'Worker'],
  effect: 'read',
  input: listWorkersInput,
  output: listWorkersOutput,
  handler: async (ctx, input) => ({ items: await listWorkers(ctx.services, ctx.scope, input) }),
});

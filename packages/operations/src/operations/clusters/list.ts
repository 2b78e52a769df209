import { listClustersInput, listClustersOutput } from '@facilflow/contracts';
import { listClusters } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const clustersList = defineOperation({
  name: 'clusters.list',
  title: 'Worker clusters',
  description:
    'The clusters of run workers: workers by state (active, draining, drained, lost), the active capacity, the load of ' +
    'every tenant as a count, and your tenant\'s runs running on it and queued. Workers are shared by every tenant of the deployment.',
  scope: 'tenant',
  permission: ['read', 'Cluster'],
  effect: 'read',
  input: listClustersInput,
  output: listClustersOutput,
  handler: async (ctx) => ({ items: await listClusters(ctx.services, ctx.scope) }),
});

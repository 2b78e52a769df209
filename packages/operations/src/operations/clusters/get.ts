import { getClusterInput, getClusterOutput } from '@facilflow/contracts';
import { getCluster } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const clustersGet = defineOperation({
  name: 'clusters.get',
  title: 'Worker cluster',
  description: 'One cluster with its workers (as in workers.list). NOT_FOUND when no worker of it is registered. Example: {"name": "default"}.',
  scope: 'tenant',
  permission: ['read', 'Cluster'],
  effect: 'read',
  input: getClusterInput,
  output: getClusterOutput,
  handler: (ctx, input) => getCluster(ctx.services, ctx.scope, input),
});

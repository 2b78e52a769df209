import { lineageGraphInput, lineageGraphOutput } from '@facilflow/contracts';
import { getLineageGraph } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const lineageGraph = defineOperation({
  name: 'lineage.graph',
  title: 'Data lineage',
  description:
    'Where data comes from and goes, from live traffic and pipeline runs: agent → data source → PLC tag → measurement/field → pipeline (with its version) → ' +
    'derived measurement, export or webhook. Give a node id (agent:<id>, source:<agentId>/<key>, tag:<agentId>/<key>/<nodeId>, measurement:<name>, ' +
    'field:<measurement>.<field>, pipeline:<id>, sink:object:<key>, sink:webhook:<host>), a direction (upstream, downstream, both) and depth (1..10); ' +
    'returns the nodes reached with their distance and the edges. NOT_FOUND for an unknown node.',
  scope: 'tenant',
  permission: ['read', 'Lineage'],
  effect: 'read',
  input: lineageGraphInput,
  output: lineageGraphOutput,
  handler: (ctx, input) => getLineageGraph(ctx.services, ctx.scope, input),
});

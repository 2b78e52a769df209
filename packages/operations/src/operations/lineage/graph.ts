import { lineageGraphInput, lineageGraphOutput } from '@facilflow/contracts';
import { getLineageGraph } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const lineageGraph = defineOperation({
  name: 'lineage.graph',
  title: 'Data lineage',
  description:
    'Where data comes from and where it goes, as captured from live traffic and pipeline runs: agent → data source → PLC tag → measurement and field, ' +
    'and measurement or field → pipeline (node attributes name its version) → derived measurement, export object or webhook host. ' +
    'Give a node id (agent:<agentId>, source:<agentId>/<sourceKey>, tag:<agentId>/<sourceKey>/<nodeId>, measurement:<name>, ' +
    'field:<measurement>.<field>, pipeline:<pipelineId>, sink:object:<key>, sink:webhook:<host>) and a direction (upstream, downstream or both) and depth (1..10); returns the nodes reached ' +
    'with their distance and the edges between them. NOT_FOUND when the node is unknown.',
  scope: 'tenant',
  permission: ['read', 'Lineage'],
  effect: 'read',
  input: lineageGraphInput,
  output: lineageGraphOutput,
  handler: (ctx, input) => getLineageGraph(ctx.services, ctx.scope, input),
});

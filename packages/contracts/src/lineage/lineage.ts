import { z } from 'zod';

/**
 * Lineage is a graph of where data comes from and goes to, captured from live traffic:
 * agent → source → tag → measurement, and tag → field (pipelines and sinks extend it later).
 * Node ids are `kind:key`.
 */
export const LINEAGE_NODE_KINDS = ['agent', 'source', 'tag', 'measurement', 'field', 'pipeline', 'sink'] as const;
export const lineageNodeKindSchema = z.enum(LINEAGE_NODE_KINDS);
export type LineageNodeKind = z.infer<typeof lineageNodeKindSchema>;

export const lineageNodeIdSchema = z
  .string()
  .min(3)
  .max(1024)
  .regex(/^[a-z]+:.+$/, 'a lineage node id reads kind:key, e.g. "measurement:oven"')
  .describe('Lineage node id: agent:<agentId>, source:<agentId>/<sourceKey>, tag:<agentId>/<sourceKey>/<nodeId>, measurement:<name>, field:<measurement>.<field>, pipeline:<pipelineId> or sink:<object|webhook>:<target>');

export const lineageNodeIds = {
  agent: (agentId: string) => `agent:${agentId}`,
  source: (agentId: string, sourceKey: string) => `source:${agentId}/${sourceKey}`,
  tag: (agentId: string, sourceKey: string, nodeId: string) => `tag:${agentId}/${sourceKey}/${nodeId}`,
  measurement: (measurement: string) => `measurement:${measurement}`,
  field: (measurement: string, field: string) => `field:${measurement}.${field}`,
  pipeline: (pipelineId: string) => `pipeline:${pipelineId}`,
  /** Where a pipeline sends data out: `webhook:<host>` or `object:<key>`. */
  sink: (kind: 'webhook' | 'object', target: string) => `sink:${kind}:${target}`,
};

export const lineageNodeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  firstSeenAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});
export type LineageNode = z.infer<typeof lineageNodeSchema>;

export const lineageEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** `reads` (agent → source, measurement/field → pipeline), `subscribes` (source → tag), `writes` (tag or pipeline → measurement/field, agent → measurement/field when no tag is known), `exports` and `sends` (pipeline → sink). */
  kind: z.string(),
  firstSeenAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});
export type LineageEdge = z.infer<typeof lineageEdgeSchema>;

export const lineageDirectionSchema = z.enum(['upstream', 'downstream', 'both']);
export type LineageDirection = z.infer<typeof lineageDirectionSchema>;

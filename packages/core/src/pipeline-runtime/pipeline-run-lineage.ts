import { isFacilFlowError, lineageNodeIds, pipelineSpecSchema, type PipelineSpec } from '@facilflow/contracts';
import { writeLineage, type EdgeWrite, type NodeWrite } from '../lineage/lineage-store.ts';
import { findVersionRow } from '../pipelines/find-pipeline.ts';
import type { Services } from '../services.ts';

/** The measurements and fields a version's stages read from the tenant's live stream. */
export function liveStreamReads(spec: PipelineSpec): Array<{ measurement: string; fields: string[] }> {
  const reads: Array<{ measurement: string; fields: string[] }> = [];
  for (const stage of spec.stages) {
    if (stage.use !== 'source.live-stream') continue;
    const config = (stage.with ?? {}) as { measurement?: unknown; fields?: unknown };
    if (typeof config.measurement !== 'string') continue;
    const fields = Array.isArray(config.fields) ? config.fields.filter((field): field is string => typeof field === 'string') : [];
    reads.push({ measurement: config.measurement, fields });
  }
  return reads;
}

/** The URLs a version's `sink.webhook` stages post to: a request to one of them is data going out. */
export function webhookSinkUrls(spec: PipelineSpec): Set<string> {
  const urls = new Set<string>();
  for (const stage of spec.stages) {
    const url = (stage.with as { url?: unknown } | undefined)?.url;
    if (stage.use === 'sink.webhook' && typeof url === 'string') urls.add(url);
  }
  return urls;
}

export interface PipelineRunLineage {
  /** Its reads (measurement and fields → pipeline), once per component services, before the first effect is recorded. */
  reads(): Promise<void>;
  /** pipeline → a sink it sent data out to. */
  sink(kind: 'webhook' | 'object', target: string): Promise<void>;
  /** Whether a request goes to one of the version's webhook sinks. */
  isWebhookSink(url: string): Promise<boolean>;
}

/**
 * The lineage one pipeline version's runs leave: what it reads (measurement and fields → the
 * pipeline) and where it sends data (pipeline → export or webhook), beside what the store
 * write records (pipeline → derived measurement). Upserts, so a run every minute only moves
 * `lastSeenAt`.
 */
export function pipelineRunLineage(services: Services, tenantId: string, pipeline: { id: string; version: number }): PipelineRunLineage {
  const pipelineNode: NodeWrite = { id: lineageNodeIds.pipeline(pipeline.id), kind: 'pipeline', label: pipeline.id, attributes: { pipelineId: pipeline.id, version: pipeline.version } };
  let spec: Promise<PipelineSpec | null> | undefined;
  // Component services made outside a stored version's run (a preview of unsaved stages) have no spec to read: nothing read, no webhook sink.
  const versionSpec = () =>
    (spec ??= services.db.withTenant(tenantId, async (tx) =>
      findVersionRow(tx, pipeline.id, pipeline.version).then(
        (row) => pipelineSpecSchema.parse(row.spec),
        (error: unknown) => {
          if (isFacilFlowError(error) && error.code === 'NOT_FOUND') return null;
          throw error;
        },
      ),
    ));
  let readsWritten: Promise<void> | undefined;

  async function writeReads(): Promise<void> {
    const nodes: NodeWrite[] = [pipelineNode];
    const edges: EdgeWrite[] = [];
    const version = await versionSpec();
    for (const read of version ? liveStreamReads(version) : []) {
      const measurement = lineageNodeIds.measurement(read.measurement);
      nodes.push({ id: measurement, kind: 'measurement', label: read.measurement, attributes: { measurement: read.measurement } });
      edges.push({ from: measurement, to: pipelineNode.id, kind: 'reads' });
      for (const field of read.fields) {
        const id = lineageNodeIds.field(read.measurement, field);
        nodes.push({ id, kind: 'field', label: `${read.measurement}.${field}`, attributes: { measurement: read.measurement, field } });
        edges.push({ from: id, to: pipelineNode.id, kind: 'reads' });
      }
    }
    await writeLineage(services.db, tenantId, nodes, edges, services.now());
  }

  return {
    reads() {
      readsWritten ??= writeReads().catch((error: unknown) => {
        // Tried again with the next effect rather than left unrecorded.
        readsWritten = undefined;
        throw error;
      });
      return readsWritten;
    },
    async sink(kind, target) {
      const id = lineageNodeIds.sink(kind, target);
      await writeLineage(services.db, tenantId, [pipelineNode, { id, kind: 'sink', label: `${kind} ${target}`, attributes: { kind, target } }], [{ from: pipelineNode.id, to: id, kind: kind === 'object' ? 'exports' : 'sends' }], services.now());
    },
    async isWebhookSink(url) {
      const version = await versionSpec();
      return version !== null && webhookSinkUrls(version).has(url);
    },
  };
}

import type { TenantScope, TelemetryPoint } from '@facilflow/contracts';
import type { Unsubscribe } from '@facilflow/messaging';
import { createStreamRunner, findComponent as catalogComponent, type ComponentDefinition, type StreamFeedResult, type StreamRunner } from '@facilflow/pipelines';
import { recordDeadLetter } from '../dead-letters/record-dead-letter.ts';
import { createComponentServices } from '../pipeline-runtime/create-component-services.ts';
import { PIPELINE_CHANGES_PATTERN } from '../pipelines/announce-pipeline-change.ts';
import type { Services } from '../services.ts';
import type { TelemetryObserver, WrittenBatch } from '../telemetry/telemetry-observer.ts';
import { loadStreamPipelines, type StreamPipelineVersion } from './load-stream-pipelines.ts';
import { loadStreamCheckpoint, saveStreamCheckpoints, type StreamProgress } from './stream-state-store.ts';

export const STREAM_PIPELINES_CONSUMER = 'pipelines';

export interface StreamPipelinesOptions {
  services: Services;
  log: (message: string, error?: unknown) => void;
  /**
   * How long the tenant's list of stream pipelines is used before it is read again (default 30 s):
   * a start, stop, publish, rollback or delete is announced on the bus and reloads it at once;
   * the refresh only catches a notice that was lost.
   */
  refreshMs?: number;
  /**
   * With no new rows for this long, event time is taken to move on with the clock, so windows of
   * a source that went quiet close (default 30 s).
   */
  idleAfterMs?: number;
  findComponent?: (name: string) => ComponentDefinition | undefined;
}

interface RunningPipeline {
  pipelineId: string;
  version: number;
  runner: StreamRunner;
  signal: AbortController;
  progress: StreamProgress;
  lastError: { stageId: string; message: string; at: string } | null;
  /** Event time of the newest row seen, and the clock when it came. */
  maxEventTime: number | null;
  lastDataAt: number;
}

interface TenantPipelines {
  loadedAt: number;
  pipelines: Map<string, RunningPipeline>;
}

/**
 * Stream pipelines as a consumer of the written-telemetry stream: each tenant's active stream
 * pipelines get the batches it stored, in order, and at each of the stream's checkpoints their
 * state is saved first, so a worker taking over restores it and reads on from there.
 */
export function createStreamPipelines(options: StreamPipelinesOptions): TelemetryObserver {
  const services = options.services;
  const refreshMs = options.refreshMs ?? 30_000;
  const idleAfterMs = options.idleAfterMs ?? 30_000;
  const lookup = options.findComponent ?? catalogComponent;
  const tenants = new Map<string, TenantPipelines>();
  let changes: Promise<Unsubscribe> | undefined;

  function listenForChanges(): Promise<Unsubscribe> {
    changes ??= services.bus
      .subscribe(PIPELINE_CHANGES_PATTERN, (_message, channel) => {
        const known = tenants.get(channel.slice('tenant:'.length, channel.lastIndexOf(':')));
        if (known) known.loadedAt = Number.NEGATIVE_INFINITY;
      })
      .catch((error: unknown) => {
        options.log('cannot hear of pipeline changes; the list is read again on its refresh only', error);
        changes = undefined;
        return async () => undefined;
      });
    return changes;
  }

  async function start(tenantId: string, version: StreamPipelineVersion): Promise<RunningPipeline | null> {
    const scope: TenantScope = { tenantId, actor: { type: 'system', name: `pipeline:${version.pipelineId}` }, role: 'service' };
    const componentServices = createComponentServices(services, scope, { id: version.pipelineId, version: version.version });
    const signal = new AbortController();
    try {
      const restored = await loadStreamCheckpoint(services.db, tenantId, version.pipelineId, version.version);
      const runner = createStreamRunner({
        spec: version.spec,
        findComponent: lookup,
        restored,
        contextFor: () => ({
          tenantId,
          pipelineId: version.pipelineId,
          runId: `stream-${version.pipelineId}-v${version.version}`,
          attempt: 1,
          params: Object.fromEntries(Object.entries(version.spec.params).flatMap(([name, param]) => (param.default === undefined ? [] : [[name, param.default]]))),
          range: null,
          vars: new Map(),
          services: componentServices,
          signal: signal.signal,
          log: (message, data) => options.log(`pipeline ${version.pipelineId}: ${message}${data ? ` ${JSON.stringify(data)}` : ''}`),
        }),
      });
      return { pipelineId: version.pipelineId, version: version.version, runner, signal, progress: { batches: 0, rowsIn: 0, rowsOut: 0 }, lastError: null, maxEventTime: restored?.watermark ?? null, lastDataAt: Date.now() };
    } catch (error) {
      options.log(`stream pipeline ${version.pipelineId} v${version.version} cannot start`, error);
      return null;
    }
  }

  async function pipelinesOf(tenantId: string): Promise<TenantPipelines> {
    const known = tenants.get(tenantId);
    if (known && Date.now() - known.loadedAt < refreshMs) return known;
    const active = await loadStreamPipelines(services.db, tenantId);
    const running = new Map<string, RunningPipeline>();
    for (const version of active) {
      const current = known?.pipelines.get(version.pipelineId);
      if (current && current.version === version.version) {
        running.set(version.pipelineId, current);
        continue;
      }
      const started = await start(tenantId, version);
      if (started) running.set(version.pipelineId, started);
    }
    for (const [pipelineId, stopped] of known?.pipelines ?? []) if (!running.has(pipelineId)) stopped.signal.abort(new Error('the pipeline was stopped or changed'));
    const loaded = { loadedAt: Date.now(), pipelines: running };
    tenants.set(tenantId, loaded);
    return loaded;
  }

  async function account(tenantId: string, pipeline: RunningPipeline, result: StreamFeedResult, batch: WrittenBatch | null): Promise<void> {
    for (const counts of Object.values(result.counts)) {
      pipeline.progress.rowsIn += counts.rowsIn;
      pipeline.progress.rowsOut += counts.rowsOut;
    }
    if (!result.failure) return;
    const at = services.now();
    pipeline.lastError = { stageId: result.failure.stageId, message: result.failure.message, at: at.toISOString() };
    // The points are stored; only this pipeline missed them: the tenant sees which stage refused what, and the stream goes on.
    await recordDeadLetter(services, {
      tenantId,
      agentId: batch?.agentId ?? null,
      topic: `pipeline/${pipeline.pipelineId}/${result.failure.stageId}`,
      codec: 'pipeline',
      code: 'pipeline_failed',
      reason: `pipeline ${pipeline.pipelineId} v${pipeline.version}, stage "${result.failure.stageId}": ${result.failure.message}`,
      seq: null,
      pointCount: batch?.points.length ?? 0,
      rejections: [],
      payload: Buffer.from(JSON.stringify(result.failure.sample)),
      receivedAt: batch?.receivedAt ?? at,
      key: `pipeline:${pipeline.pipelineId}:${pipeline.version}:${result.failure.stageId}:${batch?.receivedAt.getTime() ?? at.getTime()}:${pipeline.progress.batches}`,
    }).catch((error: unknown) => options.log(`could not record the dead letter of pipeline ${pipeline.pipelineId}`, error));
  }

  function newestTime(points: readonly TelemetryPoint[]): number | null {
    let newest: number | null = null;
    for (const point of points) if (newest === null || point.t > newest) newest = point.t;
    return newest;
  }

  /** Moves event time on for pipelines whose sources went quiet, so their windows close. */
  async function advanceQuiet(): Promise<void> {
    const now = Date.now();
    for (const [tenantId, tenant] of tenants) {
      for (const pipeline of tenant.pipelines.values()) {
        const quietFor = now - pipeline.lastDataAt;
        if (pipeline.maxEventTime === null || quietFor < idleAfterMs) continue;
        await account(tenantId, pipeline, await pipeline.runner.advance(pipeline.maxEventTime + quietFor), null);
      }
    }
  }

  return {
    name: STREAM_PIPELINES_CONSUMER,
    async observe(batch) {
      await listenForChanges();
      const { pipelines } = await pipelinesOf(batch.tenantId);
      if (pipelines.size === 0) return;
      const newest = newestTime(batch.points);
      for (const pipeline of pipelines.values()) {
        pipeline.progress.batches++;
        await account(batch.tenantId, pipeline, await pipeline.runner.ingest(batch.points), batch);
        if (newest !== null && (pipeline.maxEventTime === null || newest > pipeline.maxEventTime)) pipeline.maxEventTime = newest;
        // Stages keep their own watermark from the rows (each with its own allowance for late rows); only a quiet source needs telling.
        pipeline.lastDataAt = Date.now();
      }
    },
    // The stream checkpoints on an interval while batches flow and once it runs dry: the moment to look for quiet sources.
    async checkpoint() {
      await advanceQuiet();
      const at = services.now();
      for (const [tenantId, tenant] of tenants) {
        const states = [...tenant.pipelines.values()].map((pipeline) => ({
          pipelineId: pipeline.pipelineId,
          version: pipeline.version,
          checkpoint: pipeline.runner.checkpoint(),
          progress: pipeline.progress,
          lastError: pipeline.lastError,
        }));
        await saveStreamCheckpoints(services.db, tenantId, states, at);
        for (const pipeline of tenant.pipelines.values()) pipeline.progress = { batches: 0, rowsIn: 0, rowsOut: 0 };
      }
    },
    async close() {
      const listening = changes;
      changes = undefined;
      if (listening) await (await listening)();
      for (const tenant of tenants.values()) for (const pipeline of tenant.pipelines.values()) pipeline.signal.abort(new Error('the consumer closed'));
      tenants.clear();
    },
  };
}

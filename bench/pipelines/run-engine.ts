// Our side of Windmill's method: the bench's pipelines published on the tenant, runs started with
// startPipelineRun (queued, pinned, enqueued on Services.queue) and executed by processPipelineRuns
// in this process, on whichever queue the services hold (in-process, or BullMQ on Redis).
import { processPipelineRuns, startPipelineRun } from '@facilflow/core';
import type { TenantScope } from '@facilflow/contracts';
import type { BenchPlatform } from '../lib/bench-platform.ts';
import { publishBenchPipeline, useBenchCatalog } from './bench-catalog.ts';
import { chainSpec, fanOutSpec } from './noop-component.ts';
import type { RunEngine, WindmillShape } from './windmill-bench.ts';

type WindmillPipelines = Pick<RunEngine, 'chainPipelineId' | 'fanOutPipelineId'>;

/** The chain and the fan-out, created and published once through the registry. */
export async function publishWindmillPipelines(bench: BenchPlatform, shape: WindmillShape): Promise<WindmillPipelines> {
  useBenchCatalog(bench);
  return {
    chainPipelineId: await publishBenchPipeline(bench, chainSpec(shape.chainLength)),
    fanOutPipelineId: await publishBenchPipeline(bench, fanOutSpec(shape.fanOutWidth)),
  };
}

/** The run worker on the services' current queue; runs are triggered as the operator's scope would. */
export async function startRunEngine(bench: BenchPlatform, pipelines: WindmillPipelines, options: { concurrency: number; maxConcurrentStages: number }): Promise<RunEngine & { close(): Promise<void> }> {
  const services = bench.platform.services;
  const worker = await processPipelineRuns(services, options);
  const scope: TenantScope = { tenantId: bench.tenantId, actor: bench.admin.actor, role: 'admin' };
  return {
    ...pipelines,
    trigger: async (pipelineId) => (await startPipelineRun(services, scope, { pipelineId, trigger: 'manual' })).id,
    close: () => worker.close(),
  };
}

import type { RunRecord, TenantScope } from '@facilflow/contracts';
import { queueRun, type QueueRunInput } from '../pipelines/queue-run.ts';
import type { Services } from '../services.ts';

/** The queue the run workers consume. */
export const PIPELINE_RUNS_QUEUE = 'pipeline-runs';

/** A job names the run only: everything else is read from the run's row under its tenant. */
export interface PipelineRunJob {
  tenantId: string;
  runId: string;
}

export function isPipelineRunJob(data: unknown): data is PipelineRunJob {
  if (typeof data !== 'object' || data === null) return false;
  const { tenantId, runId } = data as Record<string, unknown>;
  return typeof tenantId === 'string' && typeof runId === 'string';
}

/** Hands a queued run to the workers; the job id is the run id, so adding it twice runs it once. */
export async function enqueueQueuedRun(services: Services, scope: TenantScope, run: Pick<RunRecord, 'id'>): Promise<void> {
  const job: PipelineRunJob = { tenantId: scope.tenantId, runId: run.id };
  await services.queue.add(PIPELINE_RUNS_QUEUE, 'run', job, { jobId: run.id });
}

/** Queues a run pinned to a published version and hands it to the workers. */
export async function startPipelineRun(services: Services, scope: TenantScope, input: QueueRunInput): Promise<RunRecord> {
  const run = await queueRun(services, scope, input);
  await enqueueQueuedRun(services, scope, run);
  return run;
}

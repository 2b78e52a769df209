import { and, inArray, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import { PIPELINE_RUNS_QUEUE, type PipelineRunJob } from '../pipeline-runs/run-job.ts';
import { publishWorkerStatus } from './publish-worker-status.ts';
import { MISSED_HEARTBEATS_LOST } from './worker-registration.ts';

const workers = schema.pipelineWorkers;
const runs = schema.pipelineRuns;
const UNDER_WAY = ['running', 'paused', 'waiting_approval'];

export interface SweptWorkers {
  lost: string[];
  /** Runs those workers held, now claimable by any worker. */
  released: PipelineRunJob[];
}

/**
 * Declares lost every worker that missed MISSED_HEARTBEATS_LOST of its heartbeats, and makes the
 * runs it held claimable at once rather than when their leases lapse: each gets a job, so a live
 * worker takes it over from its last checkpoint (the stages whose outputs it kept are not run
 * again). Any live worker runs the sweep; two sweeping at once declare each worker lost once.
 */
export async function sweepLostWorkers(services: Services): Promise<SweptWorkers> {
  const now = services.now();
  const swept = await services.db.withSystem('sweep run workers that missed their heartbeats', async (tx) => {
    const lost = await tx
      .update(workers)
      .set({ state: 'lost' })
      .where(
        and(
          inArray(workers.state, ['active', 'draining']),
          sql`${workers.heartbeatAt} + ${workers.heartbeatIntervalMs} * ${MISSED_HEARTBEATS_LOST}::int * interval '1 millisecond' < ${now.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: workers.id, cluster: workers.cluster });
    if (lost.length === 0) return { lost, released: [] };
    const released = await tx
      .update(runs)
      .set({ leaseUntil: null })
      .where(and(inArray(runs.workerId, lost.map((w) => w.id)), inArray(runs.status, UNDER_WAY)))
      .returning({ tenantId: runs.tenantId, runId: runs.id, workerId: runs.workerId });
    return { lost, released };
  });
  for (const run of swept.released) {
    const job: PipelineRunJob = { tenantId: run.tenantId, runId: run.runId };
    // One job per run and lost worker: two sweeps hand the run over once.
    await services.queue.add(PIPELINE_RUNS_QUEUE, 'run', job, { jobId: `${run.runId}.after.${run.workerId ?? 'none'}` });
  }
  for (const worker of swept.lost) await publishWorkerStatus(services, { cluster: worker.cluster, workerId: worker.id, state: 'lost' });
  return { lost: swept.lost.map((w) => w.id), released: swept.released.map(({ tenantId, runId }) => ({ tenantId, runId })) };
}

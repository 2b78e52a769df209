import { and, eq, inArray, isNull, lt, or, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { PIPELINE_RUNS_QUEUE, type PipelineRunJob } from './run-job.ts';

const runs = schema.pipelineRuns;

/** Statuses of a run some worker should hold; with its lease lapsed, nobody does. */
const UNDER_WAY = ['running', 'paused', 'waiting_approval'];
/** Runs one sweep looks at; the next sweep takes the rest. */
const SWEEP_LIMIT = 500;
/** Job states in which a worker will still see the job. */
const LIVE_JOB = ['waiting', 'delayed', 'active'];

export interface RecoveredRuns {
  /** Queued runs whose job the queue no longer had (an in-process restart lost it). */
  queued: string[];
  /** Runs under way whose worker let the lease lapse (killed, or cut off from the database). */
  abandoned: string[];
}

/**
 * Hands the workers again what nobody will run otherwise: queued runs without a live job and runs
 * under way whose lease lapsed. Job ids are derived from the run (and the lapsed lease), so every
 * worker sweeping at once adds one job, and the claim lets only one worker execute the run.
 */
export async function recoverPipelineRuns(services: Services): Promise<RecoveredRuns> {
  const now = services.now();
  // Cross-tenant by nature: the sweep reads ids only and each job is claimed under its own tenant.
  const candidates = await services.db.withSystem('recover pipeline runs nobody holds', (tx) =>
    tx
      .select({ id: runs.id, tenantId: runs.tenantId, status: runs.status, leaseUntil: runs.leaseUntil })
      .from(runs)
      .where(or(eq(runs.status, 'queued'), and(inArray(runs.status, UNDER_WAY), or(isNull(runs.leaseUntil), lt(runs.leaseUntil, now)))))
      .orderBy(runs.createdAt)
      .limit(SWEEP_LIMIT),
  );
  const recovered: RecoveredRuns = { queued: [], abandoned: [] };
  for (const run of candidates) {
    const job: PipelineRunJob = { tenantId: run.tenantId, runId: run.id };
    if (run.status === 'queued') {
      const existing = await services.queue.getJob(PIPELINE_RUNS_QUEUE, run.id);
      if (existing && LIVE_JOB.includes(existing.state)) continue;
      // A finished job under the run's id blocks re-adding that id; the recovery id does not.
      const jobId = existing ? `${run.id}.recover.queued` : run.id;
      await services.queue.add(PIPELINE_RUNS_QUEUE, 'run', job, { jobId });
      recovered.queued.push(run.id);
      continue;
    }
    // The dead worker's job may still look active: the lapsed lease is what counts, and naming the
    // job after it gives each lapse one recovery job however many workers sweep.
    const jobId = await nextRecoveryJobId(services, `${run.id}.recover.${run.leaseUntil?.getTime() ?? 0}`);
    if (jobId === null) continue;
    await services.queue.add(PIPELINE_RUNS_QUEUE, 'run', job, { jobId });
    recovered.abandoned.push(run.id);
  }
  return recovered;
}

/**
 * The recovery job to add for a lapse: none while one is live, else the first numbered id not used
 * yet. A recovery job that ended without claiming the run (a draining worker handed it on) keeps
 * its id, and adding that id again would be swallowed; the run would then wait forever. Workers
 * sweeping at once read the same ids, so they still add one job.
 */
async function nextRecoveryJobId(services: Services, base: string): Promise<string | null> {
  for (let n = 1; ; n += 1) {
    const jobId = n === 1 ? base : `${base}.${n}`;
    const existing = await services.queue.getJob(PIPELINE_RUNS_QUEUE, jobId);
    if (!existing) return jobId;
    if (LIVE_JOB.includes(existing.state)) return null;
  }
}

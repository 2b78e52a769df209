import type { RunControl, RunOutcome } from '@facilflow/pipelines';
import type { RunRow } from '../pipelines/to-run.ts';
import type { Services } from '../services.ts';
import { releaseRun, renewLease } from './claim-run.ts';
import { executeClaimedRun } from './execute-claimed-run.ts';

export interface HeldRun {
  run: RunRow;
  takeover: boolean;
  control: RunControl;
  /** The job's signal: the worker closing. */
  signal: AbortSignal;
  workerId: string;
  leaseMs: number;
  renewEveryMs: number;
  maxConcurrentStages?: number | undefined;
}

export type HeldRunResult = { runId: string; executed: true; status: RunOutcome['status'] } | { runId: string; executed: false; reason: string };

/**
 * Executes a claimed run while renewing its lease. A renewal that finds the run claimed by another
 * worker (this one was cut off past its lease) aborts the local execution and fences its recorder:
 * from then on this worker writes nothing of the run, so it is neither completed twice nor given
 * duplicate steps.
 */
export async function executeHeldRun(services: Services, held: HeldRun): Promise<HeldRunResult> {
  const { run, workerId } = held;
  const lost = new AbortController();
  const renewal = setInterval(() => {
    renewLease(services, run.tenantId, run.id, workerId, held.leaseMs).then(
      (renewed) => {
        if (!renewed) lost.abort(new Error(`run ${run.id} was taken over by another worker`));
      },
      // A failed renewal is retried at the next tick; the lease covers a few of them.
      () => undefined,
    );
  }, held.renewEveryMs);
  try {
    const outcome = await executeClaimedRun(services, {
      run,
      takeover: held.takeover,
      control: held.control,
      signal: AbortSignal.any([held.signal, lost.signal]),
      stillHeld: () => !lost.signal.aborted,
      maxConcurrentStages: held.maxConcurrentStages,
    });
    if (lost.signal.aborted) return { runId: run.id, executed: false, reason: 'the lease passed to another worker' };
    return { runId: run.id, executed: true, status: outcome.status };
  } catch (error) {
    // What a fenced execution throws on its way out is the new holder's business, not this job's.
    if (lost.signal.aborted) return { runId: run.id, executed: false, reason: 'the lease passed to another worker' };
    throw error;
  } finally {
    clearInterval(renewal);
    if (!lost.signal.aborted) await releaseRun(services, run.tenantId, run.id, workerId);
  }
}

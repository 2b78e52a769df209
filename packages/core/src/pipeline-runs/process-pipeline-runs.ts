import { randomUUID } from 'node:crypto';
import { RunControl, type RunOutcome } from '@facilflow/pipelines';
import type { Job, JobWorker } from '@facilflow/messaging';
import type { Services } from '../services.ts';
import { claimRun, releaseRun, renewLease } from './claim-run.ts';
import { executeClaimedRun } from './execute-claimed-run.ts';
import { isRunControlMessage, pipelineControlChannel } from './run-channels.ts';
import { isPipelineRunJob, PIPELINE_RUNS_QUEUE } from './run-job.ts';

export interface ProcessPipelineRunsOptions {
  /** Runs this worker executes at once. */
  concurrency?: number;
  /** Stages of one run at once. */
  maxConcurrentStages?: number;
  /** How long a claim holds without renewal; a worker that dies lets its runs go after this. */
  leaseMs?: number;
  /** How often a job whose run another worker holds looks again (its lease may lapse, or the run end). */
  recheckMs?: number;
  workerId?: string;
}

export interface PipelineRunWorker {
  workerId: string;
  /** Runs this worker executes now. */
  running(): string[];
  close(): Promise<void>;
}

export type RunJobResult = { runId: string; executed: true; status: RunOutcome['status'] } | { runId: string; executed: false; reason: string };

const DEFAULTS = { concurrency: 4, leaseMs: 30_000, recheckMs: 1_000 };

/**
 * The run worker: consumes the runs queue, claims each run under its tenant, executes it and
 * applies the operators' controls published for it. Cancel, pause, resume and step reach the
 * process holding the run over the bus, whichever process the operator called.
 */
export async function processPipelineRuns(services: Services, options: ProcessPipelineRunsOptions = {}): Promise<PipelineRunWorker> {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const recheckMs = options.recheckMs ?? DEFAULTS.recheckMs;
  const controls = new Map<string, { tenantId: string; control: RunControl }>();
  const unsubscribe = await services.bus.subscribe(pipelineControlChannel('*'), (message, channel) => {
    if (!isRunControlMessage(message)) return;
    const held = controls.get(message.runId);
    // A control counts only on the channel of the run's own tenant.
    if (!held || channel !== pipelineControlChannel(held.tenantId)) return;
    const { control } = held;
    if (message.action === 'cancel') control.cancel('cancelled by an operator');
    else control[message.action]();
  });

  async function handle(job: Job, signal: AbortSignal): Promise<RunJobResult> {
    if (!isPipelineRunJob(job.data)) throw new Error(`job ${job.id} of ${PIPELINE_RUNS_QUEUE} names no run`);
    const { tenantId, runId } = job.data;
    for (;;) {
      signal.throwIfAborted();
      const claim = await claimRun(services, tenantId, runId, workerId, leaseMs);
      if (claim.claimed) return { runId, executed: true, status: await execute(claim.run, claim.takeover, signal) };
      if (!claim.run) return { runId, executed: false, reason: 'no such run in the tenant' };
      if (!['running', 'paused', 'waiting_approval'].includes(claim.run.status)) return { runId, executed: false, reason: `the run is ${claim.run.status}` };
      // Another worker holds it under a live lease: wait for the run to end or the lease to lapse.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, recheckMs);
        signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
      });
    }
  }

  async function execute(run: Parameters<typeof executeClaimedRun>[1]['run'], takeover: boolean, signal: AbortSignal): Promise<RunOutcome['status']> {
    const control = new RunControl();
    controls.set(run.id, { tenantId: run.tenantId, control });
    const renewal = setInterval(() => {
      renewLease(services, run.tenantId, run.id, workerId, leaseMs).catch(() => undefined);
    }, Math.max(1, Math.floor(leaseMs / 3)));
    try {
      const outcome = await executeClaimedRun(services, { run, takeover, control, signal, maxConcurrentStages: options.maxConcurrentStages });
      return outcome.status;
    } finally {
      clearInterval(renewal);
      controls.delete(run.id);
      await releaseRun(services, run.tenantId, run.id, workerId);
    }
  }

  const worker: JobWorker = await services.queue.process(PIPELINE_RUNS_QUEUE, handle, { concurrency: options.concurrency ?? DEFAULTS.concurrency });
  return {
    workerId,
    running: () => [...controls.keys()],
    async close() {
      await worker.close();
      await unsubscribe();
    },
  };
}

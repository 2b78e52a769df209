import { randomUUID } from 'node:crypto';
import { RunControl } from '@facilflow/pipelines';
import type { Job, JobWorker } from '@facilflow/messaging';
import type { Services } from '../services.ts';
import { claimRun } from './claim-run.ts';
import { executeHeldRun, type HeldRunResult } from './execute-held-run.ts';
import { recoverPipelineRuns } from './recover-runs.ts';
import { isRunControlMessage, pipelineControlChannel } from './run-channels.ts';
import { isPipelineRunJob, PIPELINE_RUNS_QUEUE } from './run-job.ts';

export interface ProcessPipelineRunsOptions {
  /** Runs this worker executes at once. */
  concurrency?: number;
  /** Stages of one run at once. */
  maxConcurrentStages?: number;
  /** How long a claim holds without renewal; a worker that dies lets its runs go after this. */
  leaseMs?: number;
  /** How often a held lease is renewed (a third of the lease unless given). */
  renewEveryMs?: number;
  /** How often the worker sweeps for runs nobody holds (the lease unless given); it also sweeps at start. */
  recoverEveryMs?: number;
  /** How often a job whose run another worker holds looks again (its lease may lapse, or the run end). */
  recheckMs?: number;
  /** How often the queue looks for jobs a dead worker left active (BullMQ's stalled check). */
  stalledIntervalMs?: number;
  workerId?: string;
}

export interface PipelineRunWorker {
  workerId: string;
  /** Runs this worker executes now. */
  running(): string[];
  close(): Promise<void>;
}

export type RunJobResult = HeldRunResult | { runId: string; executed: false; reason: string };

const DEFAULTS = { concurrency: 4, leaseMs: 30_000, recheckMs: 1_000 };

/**
 * The run worker: consumes the runs queue, claims each run under its tenant, executes it and
 * applies the operators' controls published for it. Cancel, pause, resume and step reach the
 * process holding the run over the bus, whichever process the operator called. At start and
 * then periodically it re-enqueues the runs nobody holds (see recover-runs.ts).
 */
export async function processPipelineRuns(services: Services, options: ProcessPipelineRunsOptions = {}): Promise<PipelineRunWorker> {
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const lease = { leaseMs, renewEveryMs: options.renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3)) };
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
      // A recovery job for a run this worker executes itself: claiming would start a second copy here.
      if (controls.has(runId)) {
        await pause(recheckMs, signal);
        continue;
      }
      const claim = await claimRun(services, tenantId, runId, workerId, leaseMs);
      if (claim.claimed) return hold(claim.run, claim.takeover, signal);
      if (!claim.run) return { runId, executed: false, reason: 'no such run in the tenant' };
      if (!['running', 'paused', 'waiting_approval'].includes(claim.run.status)) return { runId, executed: false, reason: `the run is ${claim.run.status}` };
      // Another worker holds it under a live lease: wait for the run to end or the lease to lapse.
      await pause(recheckMs, signal);
    }
  }

  async function hold(run: Parameters<typeof executeHeldRun>[1]['run'], takeover: boolean, signal: AbortSignal): Promise<RunJobResult> {
    const control = new RunControl();
    controls.set(run.id, { tenantId: run.tenantId, control });
    try {
      return await executeHeldRun(services, { run, takeover, control, signal, workerId, ...lease, maxConcurrentStages: options.maxConcurrentStages });
    } finally {
      controls.delete(run.id);
    }
  }

  const recovery = startRecovery(services, options.recoverEveryMs ?? leaseMs);
  await recovery.sweep();
  const worker: JobWorker = await services.queue.process(PIPELINE_RUNS_QUEUE, handle, {
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
  });
  return {
    workerId,
    running: () => [...controls.keys()],
    async close() {
      await recovery.stop();
      await worker.close();
      await unsubscribe();
    },
  };
}

/** Resolves after `ms` or as soon as `signal` aborts, leaving no listener behind either way. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The periodic sweep; one at a time, and a failed sweep only waits for the next. */
function startRecovery(services: Services, everyMs: number): { sweep(): Promise<void>; stop(): Promise<void> } {
  let current: Promise<void> | null = null;
  const sweep = (): Promise<void> => {
    current ??= recoverPipelineRuns(services)
      .then(() => undefined, (error: unknown) => console.error('[pipeline-runs] recovery sweep failed', error))
      .finally(() => {
        current = null;
      });
    return current;
  };
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}

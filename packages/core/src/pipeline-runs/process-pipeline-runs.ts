import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { RunControl } from '@facilflow/pipelines';
import type { Job, JobWorker } from '@facilflow/messaging';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { WORKER_VERSION } from '../pipeline-workers/package-version.ts';
import { startWorkerPresence } from '../pipeline-workers/start-worker-presence.ts';
import { anyRunQueued, claimNextRun, claimRun, type Claimant } from './claim-run.ts';
import { executeHeldRun, type HeldRunResult } from './execute-held-run.ts';
import { recoverPipelineRuns } from './recover-runs.ts';
import { isRunControlMessage, pipelineControlChannel } from './run-channels.ts';
import { isPipelineRunJob, PIPELINE_RUNS_QUEUE, type PipelineRunJob } from './run-job.ts';

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
  /** The cluster the worker registers in (FACILFLOW_WORKER_CLUSTER); fair share counts per cluster. */
  cluster?: string;
  /** What the worker carries (FACILFLOW_WORKER_LABELS); a pipeline's `placement.labels` must be among them. */
  labels?: Record<string, string>;
  /** How often it heartbeats; missing three heartbeats makes it lost and its runs go to other workers. */
  heartbeatMs?: number;
  /** The version it registers with: the package's. */
  version?: string;
}

export interface PipelineRunWorker {
  workerId: string;
  cluster: string;
  /** The registry's state at the last heartbeat: active, draining or drained. */
  state(): string;
  /** One heartbeat now (it also sweeps lost workers), instead of waiting for the next. */
  heartbeat(): Promise<void>;
  /** Runs this worker executes now. */
  running(): string[];
  close(): Promise<void>;
}

export type RunJobResult = HeldRunResult | { runId: string; executed: false; reason: string };

const DEFAULTS = { concurrency: 4, leaseMs: 30_000, recheckMs: 1_000, cluster: 'default', heartbeatMs: 5_000 };
const UNDER_WAY = ['running', 'paused', 'waiting_approval'];

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
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  let taking = true;
  const heartbeatMs = options.heartbeatMs ?? DEFAULTS.heartbeatMs;
  const claimant: Claimant = { workerId, cluster: options.cluster ?? DEFAULTS.cluster, labels: options.labels ?? {} };
  const presence = await startWorkerPresence(
    services,
    {
      id: workerId, cluster: claimant.cluster, capacity: concurrency, labels: claimant.labels, version: options.version ?? WORKER_VERSION,
      host: hostname(), pid: process.pid, heartbeatIntervalMs: heartbeatMs,
    },
    { holding: () => controls.size, onDrained: () => stopTakingJobs() },
  );
  const unsubscribe = await services.bus.subscribe(pipelineControlChannel('*'), (message, channel) => {
    if (!isRunControlMessage(message)) return;
    const held = controls.get(message.runId);
    // A control counts only on the channel of the run's own tenant.
    if (!held || channel !== pipelineControlChannel(held.tenantId)) return;
    const { control } = held;
    if (message.action === 'cancel') control.cancel('cancelled by an operator');
    else control[message.action]();
  });

  /*
   * A job is a turn to claim, not an order to run its own run: the worker places the next queued
   * run by fair share (claimNextRun), which may be another tenant's. A run under way that its
   * worker left (lease lapsed, or the worker was swept as lost) is taken over by the job naming it.
   */
  async function handle(job: Job, signal: AbortSignal): Promise<RunJobResult> {
    try {
      return await takeTurn(job, signal);
    } catch (error) {
      if (!isPipelineRunJob(job.data) || (await heartbeatSucceeds())) throw error;
      return requeueWhileCutOff(job.data, signal);
    }
  }

  const heartbeatSucceeds = (): Promise<boolean> => presence.beat().then(() => true, () => false);

  /*
   * Cut off from the database, the job failed only because this worker could not reach it. Failing
   * it would lose the turn (the queue does not retry it), and freeing the slot would let this worker
   * take, and lose, the very job the lost-worker sweep adds for its run. So the turn goes back under
   * a fresh id, and the slot stays taken until a heartbeat gets through again.
   */
  async function requeueWhileCutOff(job: PipelineRunJob, signal: AbortSignal): Promise<RunJobResult> {
    const jobId = `${job.runId}.requeued.${randomUUID()}`;
    await services.queue.add(PIPELINE_RUNS_QUEUE, 'run', job, { jobId });
    do await pause(heartbeatMs, signal);
    while (!signal.aborted && !(await heartbeatSucceeds()));
    return { runId: job.runId, executed: false, reason: `worker ${workerId} was cut off from the database; the turn went back as ${jobId}` };
  }

  async function takeTurn(job: Job, signal: AbortSignal): Promise<RunJobResult> {
    if (!isPipelineRunJob(job.data)) throw new Error(`job ${job.id} of ${PIPELINE_RUNS_QUEUE} names no run`);
    const { tenantId, runId } = job.data;
    const own = await readRunStatus(services, tenantId, runId);
    if (own && UNDER_WAY.includes(own)) return holdOrTakeOver(tenantId, runId, signal);
    if (presence.state() === 'active') {
      const next = await claimNextRun(services, claimant, leaseMs);
      if (next) return hold(next, false, signal);
    }
    await handOn();
    if (!own) return { runId, executed: false, reason: 'no such run in the tenant' };
    return { runId, executed: false, reason: own === 'queued' ? `worker ${workerId} may not place it (${presence.state()}, or its labels)` : `the run is ${own}` };
  }

  /** Placed nothing: while some run waits, its turn goes back to the queue for a worker that may place it (other labels, not draining). */
  async function handOn(): Promise<void> {
    const waiting = await anyRunQueued(services);
    if (waiting) await services.queue.add(PIPELINE_RUNS_QUEUE, 'run', waiting, { jobId: `${waiting.runId}.${randomUUID()}`, delayMs: recheckMs });
  }

  async function holdOrTakeOver(tenantId: string, runId: string, signal: AbortSignal): Promise<RunJobResult> {
    for (;;) {
      signal.throwIfAborted();
      if (presence.state() !== 'active') {
        await handOn();
        return { runId, executed: false, reason: `worker ${workerId} is ${presence.state()}` };
      }
      // A recovery job for a run this worker executes itself: claiming would start a second copy here.
      if (controls.has(runId)) {
        await pause(recheckMs, signal);
        continue;
      }
      const claim = await claimRun(services, tenantId, runId, workerId, leaseMs);
      if (claim.claimed) return hold(claim.run, claim.takeover, signal);
      if (!claim.run) return { runId, executed: false, reason: 'no such run in the tenant' };
      if (!UNDER_WAY.includes(claim.run.status)) return { runId, executed: false, reason: `the run is ${claim.run.status}` };
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
    concurrency,
    ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
  });
  // Drained, the worker holds no run: closing its job worker aborts nothing it executes.
  async function stopTakingJobs(): Promise<void> {
    if (!taking) return;
    taking = false;
    await worker.close();
  }
  return {
    workerId,
    cluster: claimant.cluster,
    state: () => presence.state(),
    heartbeat: () => presence.beat(),
    running: () => [...controls.keys()],
    async close() {
      await recovery.stop();
      await stopTakingJobs();
      await unsubscribe();
      await presence.stop({ deregister: true });
    },
  };
}

async function readRunStatus(services: Services, tenantId: string, runId: string): Promise<string | null> {
  const [row] = await services.db.withTenant(tenantId, (tx) =>
    tx.select({ status: schema.pipelineRuns.status }).from(schema.pipelineRuns).where(eq(schema.pipelineRuns.id, runId)).limit(1),
  );
  return row?.status ?? null;
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

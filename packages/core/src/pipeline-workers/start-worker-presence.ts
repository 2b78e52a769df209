import type { WorkerState } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { deregisterWorker } from './deregister-worker.ts';
import { heartbeatWorker } from './heartbeat-worker.ts';
import { registerWorker } from './register-worker.ts';
import { completeWorkerDrain } from './request-worker-drain.ts';
import { sweepLostWorkers } from './sweep-lost-workers.ts';
import type { WorkerRegistration } from './worker-registration.ts';

export interface WorkerPresence {
  /** The state the registry held at the last heartbeat. */
  state(): WorkerState;
  /** One heartbeat now: records it, reads a drain request, finishes a drain, sweeps the lost. */
  beat(): Promise<void>;
  /** Stops heartbeating; with `deregister`, leaves the registry (a clean close). */
  stop(options: { deregister: boolean }): Promise<void>;
}

/**
 * Registers the worker and heartbeats every `heartbeatIntervalMs`. Each heartbeat also sweeps
 * the workers that missed theirs (any live worker does), and, while draining, reports drained
 * once `holding()` is zero; then `onDrained` stops the worker taking jobs, so the turns it would
 * only hand back go to workers that claim.
 */
export async function startWorkerPresence(
  services: Services,
  registration: WorkerRegistration,
  hooks: { holding: () => number; onDrained: () => Promise<void> },
): Promise<WorkerPresence> {
  await registerWorker(services, registration);
  let state: WorkerState = 'active';
  let beating: Promise<void> | null = null;
  let drained = false;

  async function beatOnce(): Promise<void> {
    const held = await heartbeatWorker(services, registration.id);
    // Deregistered under it (a restart reusing the id closed): register again, as at start.
    if (held === null) await registerWorker(services, registration);
    state = held ?? 'active';
    if (state === 'draining' && hooks.holding() === 0) {
      await completeWorkerDrain(services, registration.id, registration.cluster);
      state = 'drained';
    }
    if (state === 'drained' && !drained) {
      drained = true;
      await hooks.onDrained();
    }
    await sweepLostWorkers(services);
  }
  // One heartbeat at a time: a slow database never stacks them.
  const beat = (): Promise<void> => (beating ??= beatOnce().finally(() => { beating = null; }));
  const timer = setInterval(() => {
    beat().catch(() => undefined);
  }, registration.heartbeatIntervalMs);
  timer.unref();

  return {
    state: () => state,
    beat,
    async stop({ deregister }) {
      clearInterval(timer);
      await beating?.catch(() => undefined);
      // A worker that cannot say goodbye (the database is gone) is swept as lost by the next live one: closing goes on.
      if (deregister) await deregisterWorker(services, registration.id).catch((error: unknown) => console.warn(`[pipeline-workers] ${registration.id} could not deregister: ${error instanceof Error ? error.message : String(error)}`));
    },
  };
}

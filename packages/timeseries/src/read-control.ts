import type { TenantQueryGate } from './query-gate.ts';
import { cancelledError, timeLimitError } from './query-options.ts';

/** How long a stopped read is given to return its slot before its caller is answered anyway. */
const STOP_GRACE_MS = 1000;

export interface ReadControlOptions {
  /** Counted from the call, so time spent waiting for a slot is part of it. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs one read of a tenant inside its slot, its time limit and its caller's signal.
 * `read` gets a signal that fires on either; it is expected to interrupt the database
 * with it. The caller's promise settles at the limit whatever the database does next: a
 * read that ignores the interrupt keeps its slot until it has really stopped, but nobody
 * waits on it.
 */
export async function runControlledRead<T>(
  gate: TenantQueryGate,
  tenantId: string,
  options: ReadControlOptions,
  read: (stop: AbortSignal) => Promise<T>
): Promise<T> {
  const stop = new AbortController();
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => stop.abort(timeLimitError(options.timeoutMs!)),
          options.timeoutMs
        );
  const onCallerAbort = (): void =>
    stop.abort(cancelledError(options.signal?.reason));
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  let onStop: (() => void) | undefined;
  try {
    const release = await gate.acquire(tenantId, stop.signal);
    const running = Promise.resolve()
      .then(() => read(stop.signal))
      .finally(release);
    // Whichever comes first; a read that loses the race must not surface as unhandled later.
    running.catch(() => undefined);
    const stopped = new Promise<never>((_resolve, reject) => {
      onStop = () => reject(stop.signal.reason);
      if (stop.signal.aborted) onStop();
      else stop.signal.addEventListener('abort', onStop, { once: true });
    });
    try {
      return await Promise.race([running, stopped]);
    } catch (error) {
      // Stopped: give the interrupted read a moment to leave the database, so the caller's
      // next query finds the slot free; a read that ignores the interrupt is not waited for.
      if (stop.signal.aborted) await settledOrAfter(running, STOP_GRACE_MS);
      throw error;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
    if (onStop !== undefined) stop.signal.removeEventListener('abort', onStop);
  }
}

function settledOrAfter(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined
    ),
    elapsed,
  ]).finally(() => clearTimeout(timer));
}

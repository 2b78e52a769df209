/** Each call gets this long before it counts as hung. */
export const CALL_DEADLINE_MS = 10_000;

export type Settled<T> = { settled: true; value: T } | { settled: false };

/**
 * Races a call against its deadline without cancelling it: a hung call keeps running (the
 * audit ledger waits for it), the fuzzer just stops waiting.
 */
export async function withDeadline<T>(promise: Promise<T>, ms = CALL_DEADLINE_MS): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value): Settled<T> => ({ settled: true, value })), expired]);
  } finally {
    clearTimeout(timer);
  }
}

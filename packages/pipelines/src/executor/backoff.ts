import type { StageErrorPolicy } from '@facilflow/contracts';

/** The wait before attempt `nextAttempt` (2 for the first retry). */
export function backoffDelayMs(backoff: StageErrorPolicy['backoff'], nextAttempt: number): number {
  const retryIndex = Math.max(0, nextAttempt - 2);
  const delay = backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** retryIndex;
  return Math.min(delay, backoff.maxDelayMs);
}

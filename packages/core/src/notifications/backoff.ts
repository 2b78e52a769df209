export interface RetryPolicy {
  /** Attempts before a delivery is given up as failed. */
  maxAttempts: number;
  /** The wait after the first failure; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 15_000, maxDelayMs: 30 * 60_000 };

/**
 * The wait before the next attempt after `attempts` failed ones: exponential, capped, with
 * jitter taking it down to half, so receivers that failed together are not retried together.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

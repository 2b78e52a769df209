/** At most `attempts` within any `windowMs`. */
export interface AttemptLimit {
  attempts: number;
  windowMs: number;
}

export type AttemptGrant = { granted: true; release(): void } | { granted: false; retryAfterMs: number };

export interface AttemptLimiter {
  /**
   * Takes one attempt from the key's budget, before the attempt runs, so parallel attempts
   * count too. An attempt that succeeds gives it back (`release`); a refused one keeps it.
   */
  take(key: string): AttemptGrant;
}

/**
 * A sliding window per key, in this process: the times of the attempts still counted. Keys
 * are capped (`maxKeys`, the oldest dropped first), so a spray of addresses cannot grow it
 * without bound.
 */
export function createAttemptLimiter(limit: AttemptLimit, now: () => Date, maxKeys = 10_000): AttemptLimiter {
  const counted = new Map<string, number[]>();
  return {
    take(key) {
      const at = now().getTime();
      const times = (counted.get(key) ?? []).filter((time) => time > at - limit.windowMs);
      counted.delete(key);
      if (times.length >= limit.attempts) {
        counted.set(key, times);
        return { granted: false, retryAfterMs: Math.max(1, (times[0] as number) + limit.windowMs - at) };
      }
      times.push(at);
      // Re-inserted, so the map's order is the order keys were last used in.
      counted.set(key, times);
      if (counted.size > maxKeys) counted.delete(counted.keys().next().value as string);
      return {
        granted: true,
        release() {
          const current = counted.get(key);
          const index = current?.indexOf(at) ?? -1;
          if (!current || index < 0) return;
          current.splice(index, 1);
          if (current.length === 0) counted.delete(key);
        },
      };
    },
  };
}

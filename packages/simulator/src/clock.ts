/**
 * Simulated plant time. Elapsed simulated time runs `speed` times faster than the wall clock (speed
 * 60: one simulated minute per second), so a fault due after ten minutes shows up in ten seconds.
 * Behaviours only see elapsed time; `start` anchors it to a calendar for source timestamps.
 */
export interface PlantClock {
  readonly speed: number;
  /** Simulated epoch milliseconds at elapsed 0. */
  readonly startMs: number;
  /** Simulated milliseconds since start. */
  elapsedMs(): number;
  /** Simulated epoch milliseconds now: startMs + elapsedMs(). */
  nowMs(): number;
}

export interface PlantClockOptions {
  /** Simulated seconds per wall second; default 1. */
  speed?: number;
  /** Simulated instant of elapsed 0; default: the wall-clock time the clock is created. */
  start?: Date | number;
  /** The wall clock, in epoch milliseconds; tests pass their own to step time by hand. */
  wallNow?: () => number;
}

export function createPlantClock({ speed = 1, start, wallNow = Date.now }: PlantClockOptions = {}): PlantClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const wallStart = wallNow();
  const startMs = start === undefined ? wallStart : typeof start === 'number' ? start : start.getTime();
  const elapsedMs = () => Math.max(0, (wallNow() - wallStart) * speed);
  return { speed, startMs, elapsedMs, nowMs: () => startMs + elapsedMs() };
}

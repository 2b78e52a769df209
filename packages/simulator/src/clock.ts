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
  /** Simulated instant of elapsed 0; default: the wall-clock time the clock is created, less `elapsedAtStartS`. */
  start?: Date | number;
  /**
   * How long the plant has been running when the clock is created, in simulated seconds
   * (default 0): a demo can start a few minutes before a fault instead of waiting for it.
   */
  elapsedAtStartS?: number;
  /** The wall clock, in epoch milliseconds; tests pass their own to step time by hand. */
  wallNow?: () => number;
}

export function createPlantClock({ speed = 1, start, elapsedAtStartS = 0, wallNow = Date.now }: PlantClockOptions = {}): PlantClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
  if (!(elapsedAtStartS >= 0) || !Number.isFinite(elapsedAtStartS)) throw new RangeError(`elapsedAtStartS must be a non-negative number, got ${elapsedAtStartS}`);
  const wallStart = wallNow();
  const offsetMs = elapsedAtStartS * 1000;
  const startMs = start === undefined ? wallStart - offsetMs : typeof start === 'number' ? start : start.getTime();
  const elapsedMs = () => offsetMs + Math.max(0, (wallNow() - wallStart) * speed);
  return { speed, startMs, elapsedMs, nowMs: () => startMs + elapsedMs() };
}

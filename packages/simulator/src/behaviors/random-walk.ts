import type { RandomWalkBehavior } from '../plant-model.ts';
import { WALK_LANE, type Signal, type SignalContext } from './signal.ts';
import { steppedSeries } from './stepped-series.ts';

/** Starts at `start`, then moves ±step (fair coin) every sample, clamped to [min, max]. */
export function randomWalkSignal(behavior: RandomWalkBehavior, { random }: SignalContext): Signal<number> {
  const { start, step, min, max } = behavior;
  return steppedSeries(start, (previous, k) => {
    const next = random.uniform(k, WALK_LANE) < 0.5 ? previous - step : previous + step;
    return Math.min(max, Math.max(min, next));
  });
}

import type { CounterBehavior, TagDataType } from '../plant-model.ts';
import { COUNTER_LANE, sampleTimeMs, toMs, type Signal, type SignalContext } from './signal.ts';
import { steppedSeries } from './stepped-series.ts';

/**
 * Monotonic from 0. `incrementEveryS`: +1 at each whole period. `ratePerS`: λ = ratePerS × interval
 * per sample on average — an integer counter adds ⌊λ⌋ plus one more with probability frac(λ) (a part
 * count: 0.05/s ticks on about one second in twenty), a Double counter adds λ·(0.5 + U) (an energy
 * meter accumulating continuously, ±50 % around the rate).
 */
export function counterSignal(behavior: CounterBehavior, dataType: TagDataType, { random, intervalMs }: SignalContext): Signal<number> {
  const { incrementEveryS, ratePerS } = behavior;
  if (incrementEveryS !== undefined) {
    const periodMs = toMs(incrementEveryS);
    return (k) => Math.floor(sampleTimeMs(k, intervalMs) / periodMs);
  }
  if (ratePerS === undefined) throw new Error('a counter needs incrementEveryS or ratePerS');
  const lambda = ratePerS * (intervalMs / 1000);
  const whole = Math.floor(lambda);
  const fraction = lambda - whole;
  const increment =
    dataType === 'UInt32'
      ? (k: number) => whole + (random.uniform(k, COUNTER_LANE) < fraction ? 1 : 0)
      : (k: number) => lambda * (0.5 + random.uniform(k, COUNTER_LANE));
  return steppedSeries(0, (previous, k) => previous + increment(k));
}

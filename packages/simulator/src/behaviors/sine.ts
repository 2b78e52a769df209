import type { SineBehavior } from '../plant-model.ts';
import { NOISE_LANE, sampleTimeMs, type Signal, type SignalContext } from './signal.ts';

/** mean + amplitude·sin(2πt/periodS) + noise·N(0,1). */
export function sineSignal(behavior: SineBehavior, { random, intervalMs }: SignalContext): Signal<number> {
  const { mean, amplitude, periodS, noise } = behavior;
  const omega = (2 * Math.PI) / (periodS * 1000);
  return (k) => mean + amplitude * Math.sin(omega * sampleTimeMs(k, intervalMs)) + noise * random.gaussian(k, NOISE_LANE);
}

import type { NormalBehavior } from '../plant-model.ts';
import { NOISE_LANE, type Signal, type SignalContext } from './signal.ts';

/** Independent draws from N(mean, stddev²), one per sample. */
export function normalSignal(behavior: NormalBehavior, { random }: SignalContext): Signal<number> {
  const { mean, stddev } = behavior;
  return (k) => mean + stddev * random.gaussian(k, NOISE_LANE);
}

import type { SetpointBehavior } from '../plant-model.ts';
import { NOISE_LANE, type Signal, type SignalContext } from './signal.ts';

/** A controlled value: setpoint + noise·N(0,1). */
export function setpointSignal(behavior: SetpointBehavior, { random }: SignalContext): Signal<number> {
  const { setpoint, noise } = behavior;
  return (k) => setpoint + noise * random.gaussian(k, NOISE_LANE);
}

import type { DutyBehavior } from '../plant-model.ts';
import { sampleTimeMs, toMs, type Signal, type SignalContext } from './signal.ts';

/** true for onS, then false for offS, repeating from start (so sample 0 is on, unless onS is 0). */
export function dutySignal(behavior: DutyBehavior, { intervalMs }: SignalContext): Signal<boolean> {
  const onMs = toMs(behavior.onS);
  const cycleMs = onMs + toMs(behavior.offS);
  return (k) => sampleTimeMs(k, intervalMs) % cycleMs < onMs;
}

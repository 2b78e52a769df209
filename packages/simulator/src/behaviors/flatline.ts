import type { FlatlineFault } from '../plant-model.ts';
import { sampleTimeMs, toMs, type Signal, type SignalContext } from './signal.ts';

/**
 * For durationS from afterS, the reading freezes at the last sample taken before afterS (a stuck
 * transmitter). The process keeps moving underneath, so when the window ends the reading jumps to
 * where the signal is by then — exactly what a flatline detector has to catch.
 */
export function withFlatline(fault: FlatlineFault, base: Signal, { intervalMs }: SignalContext): Signal {
  const startMs = toMs(fault.afterS);
  const endMs = startMs + toMs(fault.durationS);
  const heldK = Math.max(0, Math.ceil(startMs / intervalMs) - 1);
  return (k) => {
    const t = sampleTimeMs(k, intervalMs);
    return t >= startMs && t < endMs ? base(heldK) : base(k);
  };
}

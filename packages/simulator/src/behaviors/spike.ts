import type { SpikeFault } from '../plant-model.ts';
import { sampleTimeMs, toMs, type Signal, type SignalContext } from './signal.ts';

/**
 * Every everyS (at everyS, 2·everyS, … — not at start), exactly one sample reads `value`: the first
 * sample taken at or after each multiple, so a period that is not a multiple of the sampling
 * interval still yields one spike per period.
 */
export function withSpike(fault: SpikeFault, base: Signal, { intervalMs }: SignalContext): Signal {
  const everyMs = toMs(fault.everyS);
  return (k) => {
    const n = Math.floor(sampleTimeMs(k, intervalMs) / everyMs);
    return n >= 1 && k === Math.ceil((n * everyMs) / intervalMs) ? fault.value : base(k);
  };
}

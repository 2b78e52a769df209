import type { DriftFault } from '../plant-model.ts';
import { sampleTimeMs, toMs, type Signal, type SignalContext } from './signal.ts';

/** From afterS on, the reading walks away from the truth by ratePerMin per minute (a sensor going out of calibration). */
export function withDrift(fault: DriftFault, base: Signal, { intervalMs }: SignalContext): Signal {
  const afterMs = toMs(fault.afterS);
  const perMs = fault.ratePerMin / 60_000;
  return (k) => {
    const value = base(k);
    const t = sampleTimeMs(k, intervalMs);
    return typeof value === 'number' && t >= afterMs ? value + perMs * (t - afterMs) : value;
  };
}

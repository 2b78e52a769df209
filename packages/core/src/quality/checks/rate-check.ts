import type { QualityThresholds } from '../quality-thresholds.ts';
import { describeField, MAD_TO_SIGMA, round, type FieldLabel, type Finding } from './finding.ts';
import type { RobustStatistics } from './spike-check.ts';

export interface Jump {
  from: number;
  to: number;
  seconds: number;
  /** (to − from) / seconds. */
  ratePerSecond: number;
}

/**
 * A jump between consecutive samples far beyond the field's usual rates (robust z against the
 * rolling median/MAD of recent rates). None when most recent rates are one value (MAD 0, e.g. a
 * counter between increments; `valueMedian`, the recent values' median, scales what counts as 0).
 * The caller leaves out a spike and the sample after it: the spike check owns both jumps.
 */
export function checkRate(label: FieldLabel, jump: Jump, rates: RobustStatistics, valueMedian: number, thresholds: QualityThresholds): Finding | null {
  if (Number.isNaN(jump.ratePerSecond) || rates.count < thresholds.spikeMinSamples) return null;
  const floor = 1e-9 * (1 + Math.abs(valueMedian));
  if (!(rates.mad > floor)) return null;
  const z = (jump.ratePerSecond - rates.median) / (MAD_TO_SIGMA * rates.mad);
  if (!(z > thresholds.rateZ || z < -thresholds.rateZ)) return null;
  return {
    message: `${describeField(label)} jumped from ${round(jump.from)} to ${round(jump.to)} in ${round(jump.seconds)} s (${round(jump.ratePerSecond)}/s, ${round(z)} robust standard deviations from its usual rate)`,
    details: { from: jump.from, to: jump.to, seconds: round(jump.seconds), ratePerSecond: round(jump.ratePerSecond), z: round(z), usualRatePerSecond: round(rates.median) },
  };
}

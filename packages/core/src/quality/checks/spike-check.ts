import type { QualityThresholds } from '../quality-thresholds.ts';
import { describeField, MAD_TO_SIGMA, MEAN_ABS_TO_SIGMA, round, type FieldLabel, type Finding } from './finding.ts';

/** Rolling robust statistics of recent values or rates (see RobustWindow). */
export interface RobustStatistics {
  readonly count: number;
  readonly median: number;
  readonly mad: number;
  readonly meanAbsDev: number;
}

/**
 * An outlier: far from the rolling median (robust z on median/MAD) *and* a jump from the
 * previous sample against recent jumps. A trend, a sine near its crest or a random walk moves
 * away from its median without jumping; a bad sample jumps. `rate` is the jump from the
 * previous sample per second (NaN for the first sample).
 */
export function checkSpike(label: FieldLabel, value: number, rate: number, values: RobustStatistics, rates: RobustStatistics, thresholds: QualityThresholds): Finding | null {
  const floor = 1e-9 * (1 + Math.abs(values.median));
  if (values.count < thresholds.spikeMinSamples || !(values.mad > floor)) return null;
  const scale = MAD_TO_SIGMA * values.mad;
  const z = (value - values.median) / scale;
  if (!(z > thresholds.spikeZ || z < -thresholds.spikeZ)) return null;
  const ratesReady = rates.count >= thresholds.spikeMinSamples && !Number.isNaN(rate);
  const jumpScale = rates.mad > floor ? MAD_TO_SIGMA * rates.mad : MEAN_ABS_TO_SIGMA * rates.meanAbsDev;
  const jumpZ = ratesReady && jumpScale > floor ? (rate - rates.median) / jumpScale : Number.POSITIVE_INFINITY;
  if (!(jumpZ > thresholds.spikeJumpZ || jumpZ < -thresholds.spikeJumpZ)) return null;
  return {
    message: `${describeField(label)} = ${round(value)} is an outlier: ${round(z)} robust standard deviations from the recent median ${round(values.median)}`,
    details: { value, z: round(z), median: round(values.median), sigma: round(scale) },
  };
}

import type { QualityThresholds } from '../quality-thresholds.ts';
import { describeField, round, type FieldLabel, type Finding } from './finding.ts';

export interface UnchangedRun {
  /** Samples of the field so far. */
  samples: number;
  /** Consecutive samples equal to the current value, this one included. */
  runLength: number;
  /** Event time of the run's first sample, ms. */
  runStartTime: number;
  /** How often consecutive samples differed (EWMA, 0..1) when the run began. */
  variationAtRunStart: number;
}

/**
 * The same value over and over on a field that usually changes sample to sample: long enough in
 * samples and in time, and only on fields whose samples varied when the run began (setpoints,
 * counters and quantized slow signals repeat by nature and are never flatlined).
 */
export function checkFlatline(label: FieldLabel, value: number, time: number, run: UnchangedRun, thresholds: QualityThresholds): Finding | null {
  if (
    run.runLength < thresholds.flatlineSamples ||
    time - run.runStartTime < thresholds.flatlineSeconds * 1000 ||
    run.samples < 50 ||
    run.variationAtRunStart < thresholds.flatlineMinVariation
  ) {
    return null;
  }
  const seconds = round((time - run.runStartTime) / 1000);
  return {
    message: `${describeField(label)} has been stuck at ${round(value)} for ${run.runLength} samples (${seconds} s) though it usually changes every sample`,
    details: { value, samples: run.runLength, seconds, since: new Date(run.runStartTime).toISOString() },
  };
}

import type { QualityThresholds } from '../quality-thresholds.ts';
import { describeField, round, type FieldLabel, type Finding } from './finding.ts';

export interface ReportingPace {
  /** Samples seen so far. */
  samples: number;
  /** Event time of the newest sample, ms. */
  lastTime: number;
  /** EWMA of the interval between samples, ms (NaN before the second sample). */
  meanInterval: number;
  /** The longest recent interval, ms (decays slowly). */
  longestInterval: number;
}

export interface FreshnessFinding extends Finding {
  /** When the silence became too long: the issue starts there, not when it was noticed. */
  staleSince: number;
}

/** How long the field may be silent: several usual intervals, twice the longest recent one, at least the minimum. */
export function allowedSilence(pace: ReportingPace, thresholds: QualityThresholds): number {
  return Math.max(pace.meanInterval * thresholds.freshnessIntervals, pace.longestInterval * 2, thresholds.freshnessMinSeconds * 1000);
}

/**
 * The field sent nothing from its last sample up to `until` (event time: the tenant's
 * watermark while it is silent, or the time of the sample that ends the silence) for longer
 * than it may, once enough samples taught its pace.
 */
export function checkFreshness(label: FieldLabel, pace: ReportingPace, until: number, thresholds: QualityThresholds): FreshnessFinding | null {
  if (pace.samples < thresholds.freshnessMinSamples || Number.isNaN(pace.meanInterval)) return null;
  const allowed = allowedSilence(pace, thresholds);
  const silence = until - pace.lastTime;
  if (!(silence > allowed)) return null;
  return {
    staleSince: pace.lastTime + allowed,
    message: `${describeField(label)} has sent nothing for ${Math.round(silence / 1000)} s (it usually reports every ${round(pace.meanInterval / 1000)} s)`,
    details: {
      silenceSeconds: Math.round(silence / 1000),
      expectedIntervalSeconds: round(pace.meanInterval / 1000),
      lastSampleAt: new Date(pace.lastTime).toISOString(),
    },
  };
}

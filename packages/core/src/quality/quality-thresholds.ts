import type { QualityCheck, QualitySeverity } from '@facilflow/contracts';
import { DEFAULT_DRIFT_OPTIONS, type DriftOptions } from './drift-detector.ts';

/**
 * Detection thresholds. The defaults are chosen so the demo plant's faults are found and its
 * healthy signals (white noise, sines, random walks, counters, states) stay clean; see each line.
 */
export interface QualityThresholds {
  /** Spike, level test: |x − median| / (1.4826·MAD) over the last `spikeWindow` samples. 6 keeps Gaussian noise
   * quiet (p ≈ 2e-9 per sample) while a 0 g sample on the 502 ± 1.8 g checkweigher scores ≈ 230–340. */
  spikeZ: number;
  /** Spike, jump test: |Δx/Δt − median| / scale of recent rates must exceed this too. On its own the level test fires
   * on a sine near its crest and on random walks (their window MAD collapses); they leave the median without jumping,
   * a bad sample jumps. With both at 6, 24 simulated demo-plant hours (12 seeds) raise no false spike. */
  spikeJumpZ: number;
  /** Samples in the rolling median/MAD window (power of two). */
  spikeWindow: number;
  /** Samples needed before spikes and rates are judged. */
  spikeMinSamples: number;
  /** Rate of change: robust z of Δx/Δt (against the rolling median/MAD of recent rates) beyond which a jump is flagged;
   * higher than `spikeZ` because a spike already covers lone outliers (and its sample is excluded here). */
  rateZ: number;
  /** Flatline: the same numeric value this many samples in a row… */
  flatlineSamples: number;
  /** …and for at least this long… */
  flatlineSeconds: number;
  /** …on a field whose consecutive samples differed at least this often (EWMA) when the run began: sensors with
   * noise change on ≈ every sample; setpoints, counters and quantized slow signals do not, and are never flatlined. */
  flatlineMinVariation: number;
  /** Freshness: silent for more than max(k × usual interval, 2 × longest recent interval, minimum) … */
  freshnessIntervals: number;
  freshnessMinSeconds: number;
  /** … once at least this many samples taught the interval. */
  freshnessMinSamples: number;
  /** Missing: a field present in at least this share of a series' last `missingBlock` points is expected in every point. */
  missingPresence: number;
  missingBlock: number;
  /** An issue closes once its condition has been clear this long. */
  clearAfterSeconds: number;
  drift: DriftOptions;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  spikeZ: 6,
  spikeJumpZ: 6,
  spikeWindow: 64,
  spikeMinSamples: 32,
  rateZ: 8,
  flatlineSamples: 20,
  flatlineSeconds: 30,
  flatlineMinVariation: 0.5,
  freshnessIntervals: 5,
  freshnessMinSeconds: 5,
  freshnessMinSamples: 10,
  missingPresence: 0.95,
  missingBlock: 100,
  clearAfterSeconds: 120,
  drift: DEFAULT_DRIFT_OPTIONS,
};

export const CHECK_BITS: readonly QualityCheck[] = ['range', 'null', 'missing', 'freshness', 'flatline', 'spike', 'rate', 'drift'];
export const BIT = {
  range: 1,
  null: 2,
  missing: 4,
  freshness: 8,
  flatline: 16,
  spike: 32,
  rate: 64,
  drift: 128,
} as const satisfies Record<QualityCheck, number>;

export const SEVERITY: Record<QualityCheck, QualitySeverity> = {
  range: 'critical',
  null: 'warning',
  missing: 'warning',
  freshness: 'warning',
  flatline: 'warning',
  spike: 'warning',
  rate: 'warning',
  drift: 'warning',
};

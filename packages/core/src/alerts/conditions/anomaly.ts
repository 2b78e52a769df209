import type { AlertCondition } from '@facilflow/contracts';
import { pushSample, trimWindow, windowMeanAndDeviation, type SampleWindow } from './sample-window.ts';

type Anomaly = Extract<AlertCondition, { kind: 'anomaly' }>;

/** Exponentially weighted mean and variance of one series (the `ewma` method's whole state). */
export interface EwmaState {
  mean: number;
  variance: number;
  lastT: number;
  samples: number;
}

export const newEwmaState = (): EwmaState => ({ mean: 0, variance: 0, lastT: Number.NaN, samples: 0 });

/**
 * z-score of `value` against the samples of the last `windowSeconds` before it (the sample is
 * scored first, then joins the window), and whether it is beyond `k`.
 */
export function zScoreAnomaly(condition: Anomaly, window: SampleWindow, t: number, value: number): { holds: boolean; score: number | null } {
  trimWindow(window, t, condition.windowSeconds * 1000);
  let score: number | null = null;
  if (window.size >= condition.minSamples) {
    const { mean, deviation } = windowMeanAndDeviation(window);
    score = deviation > 0 ? Math.abs(value - mean) / deviation : value === mean ? 0 : Number.POSITIVE_INFINITY;
  }
  pushSample(window, t, value);
  return { holds: score !== null && score > condition.k, score };
}

/**
 * z-score of `value` against an exponentially weighted mean and variance whose time constant
 * is `windowSeconds` (uneven sampling weighs by elapsed time), and whether it is beyond `k`.
 */
export function ewmaAnomaly(condition: Anomaly, state: EwmaState, t: number, value: number): { holds: boolean; score: number | null } {
  if (state.samples === 0) {
    state.mean = value;
    state.variance = 0;
    state.lastT = t;
    state.samples = 1;
    return { holds: false, score: null };
  }
  const deviation = Math.sqrt(state.variance);
  const score = state.samples >= condition.minSamples ? (deviation > 0 ? Math.abs(value - state.mean) / deviation : value === state.mean ? 0 : Number.POSITIVE_INFINITY) : null;
  const alpha = 1 - Math.exp(-Math.max(t - state.lastT, 1) / (condition.windowSeconds * 1000));
  const difference = value - state.mean;
  const increment = alpha * difference;
  state.mean += increment;
  state.variance = (1 - alpha) * (state.variance + difference * increment);
  state.lastT = t;
  state.samples++;
  return { holds: score !== null && score > condition.k, score };
}

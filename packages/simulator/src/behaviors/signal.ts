import type { TagRandom } from '../random.ts';

/** What a tag reports: a number (Double, UInt32), a boolean or a string. */
export type TagValue = number | boolean | string;

/**
 * A tag's signal as a pure function of its sample index: sample k is taken k × samplingIntervalMs
 * after the plant started. Sampling on a fixed grid is what makes a value at "elapsed t" well defined
 * (it is the sample at floor(t / interval)) and what the OPC UA server reports as source timestamp.
 */
export type Signal<T extends TagValue = TagValue> = (k: number) => T;

export interface SignalContext {
  readonly random: TagRandom;
  readonly intervalMs: number;
}

/** Random lanes, so that the draws of one sample never reuse each other's numbers. */
export const NOISE_LANE = 0; // uses lanes 0 and 1 (Box–Muller)
export const WALK_LANE = 2;
export const COUNTER_LANE = 3;

/** Milliseconds since start of sample k; integers as long as the interval is, so comparisons are exact. */
export function sampleTimeMs(k: number, intervalMs: number): number {
  return k * intervalMs;
}

/** Behaviour parameters come in seconds; whole milliseconds keep the fault windows free of rounding. */
export function toMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** The sample current at `elapsedMs` (never negative: nothing is sampled before the plant starts). */
export function sampleIndexAt(elapsedMs: number, intervalMs: number): number {
  // Rounding to the microsecond first keeps e.g. 0.57 s × 1000 = 569.999… from landing a sample early.
  return Math.max(0, Math.floor(Math.round(elapsedMs * 1000) / 1000 / intervalMs));
}

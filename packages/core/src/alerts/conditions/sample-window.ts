/**
 * The samples of the last `spanMs` of one series, as two parallel ring buffers (times and
 * values) with running sums: compact, and O(1) per sample. Bounded to `capacity` samples, so a
 * fast series keeps only its most recent ones.
 */
export interface SampleWindow {
  times: Float64Array;
  values: Float64Array;
  head: number;
  size: number;
  /** Sums of (value - offset) and its square, for mean and variance without cancellation. */
  offset: number;
  sum: number;
  sumSquares: number;
}

export const WINDOW_CAPACITY = 1024;

export function newSampleWindow(capacity = WINDOW_CAPACITY): SampleWindow {
  return { times: new Float64Array(capacity), values: new Float64Array(capacity), head: 0, size: 0, offset: Number.NaN, sum: 0, sumSquares: 0 };
}

const at = (window: SampleWindow, index: number) => (window.head + index) % window.times.length;

function dropOldest(window: SampleWindow): void {
  const slot = window.head;
  const shifted = window.values[slot]! - window.offset;
  window.sum -= shifted;
  window.sumSquares -= shifted * shifted;
  window.head = (window.head + 1) % window.times.length;
  window.size--;
}

/** Drops the samples older than `t - spanMs`. */
export function trimWindow(window: SampleWindow, t: number, spanMs: number): void {
  while (window.size > 0 && window.times[window.head]! < t - spanMs) dropOldest(window);
}

export function pushSample(window: SampleWindow, t: number, value: number): void {
  if (window.size === window.times.length) dropOldest(window);
  if (window.size === 0 || Number.isNaN(window.offset)) {
    window.offset = value;
    window.sum = 0;
    window.sumSquares = 0;
  }
  const slot = at(window, window.size);
  window.times[slot] = t;
  window.values[slot] = value;
  const shifted = value - window.offset;
  window.sum += shifted;
  window.sumSquares += shifted * shifted;
  window.size++;
}

export function oldestSample(window: SampleWindow): { t: number; value: number } | null {
  if (window.size === 0) return null;
  return { t: window.times[window.head]!, value: window.values[window.head]! };
}

export function windowMeanAndDeviation(window: SampleWindow): { mean: number; deviation: number } {
  const n = window.size;
  const meanShifted = window.sum / n;
  const variance = Math.max(0, window.sumSquares / n - meanShifted * meanShifted);
  return { mean: meanShifted + window.offset, deviation: Math.sqrt(variance) };
}

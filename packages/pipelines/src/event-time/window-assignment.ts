/**
 * Windows on event time, aligned to the epoch: a tumbling window of 60 000 ms starts on each
 * whole minute. A window is [start, end): a row exactly at `end` belongs to the next one.
 */
export interface WindowBounds {
  start: number;
  end: number;
}

/** Every fixed window (tumbling when slide = size, sliding when slide < size) holding `time`, earliest first. */
export function fixedWindowsFor(time: number, sizeMs: number, slideMs: number): WindowBounds[] {
  const windows: WindowBounds[] = [];
  const lastStart = Math.floor(time / slideMs) * slideMs;
  for (let start = lastStart; start > time - sizeMs; start -= slideMs) windows.unshift({ start, end: start + sizeMs });
  return windows;
}

/** The start of the tumbling window holding `time`. */
export function windowStartOf(time: number, sizeMs: number): number {
  return Math.floor(time / sizeMs) * sizeMs;
}

/** The first grid point at or after `time` on a grid of `intervalMs` from the epoch. */
export function gridPointAtOrAfter(time: number, intervalMs: number): number {
  return Math.ceil(time / intervalMs) * intervalMs;
}

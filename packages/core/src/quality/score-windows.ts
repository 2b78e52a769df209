import { CHECK_BITS } from './quality-thresholds.ts';
import type { FieldState } from './series-state.ts';

const CHECKS = CHECK_BITS.length;

/** Samples of a window: how many, how many clean, and per check slot how many it flagged. */
export interface SampleCounts {
  points: number;
  clean: number;
  flagged: Uint32Array;
}

/** The window of a (measurement, field) over all its series, as written to `quality_window_scores`. */
export interface AggregateWindow extends SampleCounts {
  windowStart: number;
  /** Series whose window of the field closed into this one (a late sample adds none). */
  seriesCount: number;
}

/** One series' window with at least one flagged sample, as written to `quality_series_windows`. */
export interface SeriesWindow extends SampleCounts {
  measurement: string;
  series: string;
  field: string;
  windowStart: number;
}

/** A (measurement, field) of a tenant and its windows not yet written, by start. */
export interface FieldGroup {
  measurement: string;
  field: string;
  pending: Map<number, AggregateWindow>;
}

/** Windows closed and not yet written, per tenant. */
export interface PendingScores {
  groups: Set<FieldGroup>;
  seriesWindows: SeriesWindow[];
  /** Aggregate and series windows held; past the cap (a database down for long) new ones are dropped. */
  size: number;
}

/** Pending score rows a tenant may hold while its writes fail. */
const MAX_PENDING_WINDOWS = 200_000;

export function newPendingScores(): PendingScores {
  return { groups: new Set(), seriesWindows: [], size: 0 };
}

export function windowStartOf(time: number, windowMs: number): number {
  return time - (((time % windowMs) + windowMs) % windowMs);
}

/**
 * Counts a sample (`flags`: a bit per check that flagged it) into the field's window by its own
 * timestamp. A sample of a later window closes the open one; a sample of a window already
 * closed (late) is added to that window's rows on its own.
 */
export function countSample(pending: PendingScores, fieldState: FieldState, time: number, flags: number, windowMs: number): void {
  const start = windowStartOf(time, windowMs);
  if (start !== fieldState.windowStart) {
    if (fieldState.windowStart >= 0 && start < fieldState.windowStart) {
      addLateSample(pending, fieldState, start, flags);
      return;
    }
    if (fieldState.windowStart >= 0) closeFieldWindow(pending, fieldState);
    fieldState.windowStart = start;
  }
  fieldState.windowPoints++;
  if (flags === 0) {
    fieldState.windowClean++;
    return;
  }
  const counts = (fieldState.windowCounts ??= new Uint32Array(CHECKS));
  for (let slot = 0; slot < CHECKS; slot++) if (flags & (1 << slot)) counts[slot]!++;
}

/** Adds the field's open window to its (measurement, field) window, and keeps it as a series window if a check flagged a sample. */
export function closeFieldWindow(pending: PendingScores, fieldState: FieldState): void {
  if (fieldState.windowStart < 0) return;
  const points = fieldState.windowPoints;
  if (points > 0) {
    const aggregate = aggregateFor(pending, fieldState.group, fieldState.windowStart);
    if (aggregate) {
      aggregate.seriesCount++;
      aggregate.points += points;
      aggregate.clean += fieldState.windowClean;
      if (fieldState.windowCounts) addCounts(aggregate.flagged, fieldState.windowCounts);
    }
    if (fieldState.windowClean < points) {
      keepSeriesWindow(pending, fieldState, fieldState.windowStart, points, fieldState.windowClean, fieldState.windowCounts!.slice());
    }
  }
  fieldState.windowStart = -1;
  fieldState.windowPoints = 0;
  fieldState.windowClean = 0;
  fieldState.windowCounts?.fill(0);
}

function addLateSample(pending: PendingScores, fieldState: FieldState, start: number, flags: number): void {
  const aggregate = aggregateFor(pending, fieldState.group, start);
  if (aggregate) {
    aggregate.points++;
    if (flags === 0) aggregate.clean++;
    else for (let slot = 0; slot < CHECKS; slot++) if (flags & (1 << slot)) aggregate.flagged[slot]!++;
  }
  if (flags === 0) return;
  const flagged = new Uint32Array(CHECKS);
  for (let slot = 0; slot < CHECKS; slot++) if (flags & (1 << slot)) flagged[slot] = 1;
  keepSeriesWindow(pending, fieldState, start, 1, 0, flagged);
}

function aggregateFor(pending: PendingScores, group: FieldGroup, start: number): AggregateWindow | null {
  let aggregate = group.pending.get(start);
  if (!aggregate) {
    if (pending.size >= MAX_PENDING_WINDOWS) return null;
    aggregate = { windowStart: start, seriesCount: 0, points: 0, clean: 0, flagged: new Uint32Array(CHECKS) };
    group.pending.set(start, aggregate);
    pending.groups.add(group);
    pending.size++;
  }
  return aggregate;
}

function keepSeriesWindow(pending: PendingScores, fieldState: FieldState, start: number, points: number, clean: number, flagged: Uint32Array): void {
  if (pending.size >= MAX_PENDING_WINDOWS) return;
  const series = fieldState.series;
  pending.seriesWindows.push({ measurement: series.measurement, series: series.key, field: fieldState.field, windowStart: start, points, clean, flagged });
  pending.size++;
}

function addCounts(into: Uint32Array, from: Uint32Array): void {
  for (let slot = 0; slot < CHECKS; slot++) into[slot]! += from[slot]!;
}

/** What a flush takes: every pending window, leaving none. */
export function takePendingScores(pending: PendingScores): { windows: Array<{ group: FieldGroup; window: AggregateWindow }>; seriesWindows: SeriesWindow[] } {
  const windows: Array<{ group: FieldGroup; window: AggregateWindow }> = [];
  for (const group of pending.groups) {
    for (const window of group.pending.values()) windows.push({ group, window });
    group.pending.clear();
  }
  const seriesWindows = mergeSeriesWindows(pending.seriesWindows);
  pending.groups.clear();
  pending.seriesWindows = [];
  pending.size = 0;
  return { windows, seriesWindows };
}

/** One row per series window: a late sample of a window closed in the same flush is added to it (an upsert may touch a row once). */
function mergeSeriesWindows(windows: SeriesWindow[]): SeriesWindow[] {
  if (windows.length < 2) return windows;
  const byKey = new Map<string, SeriesWindow>();
  for (const window of windows) {
    const key = `${window.measurement}\u0000${window.series}\u0000${window.field}\u0000${window.windowStart}`;
    const same = byKey.get(key);
    if (!same) {
      byKey.set(key, window);
      continue;
    }
    same.points += window.points;
    same.clean += window.clean;
    addCounts(same.flagged, window.flagged);
  }
  return [...byKey.values()];
}

/** Puts back what a failed flush took: added to whatever closed since, so nothing is counted twice or lost. */
export function restorePendingScores(pending: PendingScores, taken: ReturnType<typeof takePendingScores>): void {
  for (const { group, window } of taken.windows) {
    const aggregate = aggregateFor(pending, group, window.windowStart);
    if (!aggregate) continue;
    aggregate.seriesCount += window.seriesCount;
    aggregate.points += window.points;
    aggregate.clean += window.clean;
    addCounts(aggregate.flagged, window.flagged);
  }
  for (const seriesWindow of taken.seriesWindows) {
    if (pending.size >= MAX_PENDING_WINDOWS) break;
    pending.seriesWindows.push(seriesWindow);
    pending.size++;
  }
}

import type { DriftDetector } from './drift-detector.ts';
import type { Episode } from './episodes.ts';
import type { RobustWindow } from './robust-window.ts';
import type { FieldGroup } from './score-windows.ts';
import type { TagTrieNode } from './series-key.ts';
import type { SourceClock } from './source-clock.ts';

/** One series (measurement + canonical tag set) of a tenant and what the monitor knows of it. */
export interface SeriesState {
  measurement: string;
  /** Whose event time judges this series' silence: the source that last sent it. */
  source: SourceClock;
  /** Canonical tag set, `k=v,k=v` sorted by key. */
  key: string;
  fields: Map<string, FieldState>;
  /** Points counted towards the current block of the `missing` check. */
  pointsInBlock: number;
  /** Fields nearly every point of this series carries: a point without one is flagged `missing`. */
  usualFields: FieldState[];
  /** Where the tag trie leads to it (one path per tag order seen). */
  trieNodes: TagTrieNode<SeriesState>[];
}

/**
 * The streaming state of one (series, field): numbers and a few lazily made typed-array
 * windows, so a sample costs no allocation. Times are the points' own (event) times, ms.
 */
export interface FieldState {
  series: SeriesState;
  field: string;
  /** The (measurement, field) whose window scores this field adds to. */
  group: FieldGroup;
  /** Learnt from the first value: numbers, or strings/booleans (only the numeric checks differ). */
  numeric: boolean | null;
  samples: number;
  lastTime: number;
  meanInterval: number;
  longestInterval: number;
  /** A freshness issue is open on this field's silence. */
  stale: boolean;
  /** The schema registry range, re-read when the tenant's ranges version moves. */
  rangeVersion: number;
  min: number;
  max: number;
  values: RobustWindow | null;
  rates: RobustWindow | null;
  drift: DriftDetector | null;
  previousValue: number;
  previousTime: number;
  /** The previous sample was a spike or out of range: the jump back from it is not a rate of change. */
  previousWasOutlier: boolean;
  /** Flatline: the value of the current run, its length, start and the variation when it began. */
  runValue: number;
  runLength: number;
  runStartTime: number;
  variation: number;
  variationAtRunStart: number;
  /** Points of the current `missing` block that carried this field. */
  hitsInBlock: number;
  /** The open score window: its start (−1: none), samples, clean samples, samples per check. */
  windowStart: number;
  windowPoints: number;
  windowClean: number;
  windowCounts: Uint32Array | null;
  /** Open issues by check slot, made on the first one. */
  episodes: (Episode | undefined)[] | null;
  openEpisodes: number;
}

export function newSeriesState(measurement: string, key: string, source: SourceClock): SeriesState {
  return { measurement, source, key, fields: new Map(), pointsInBlock: 0, usualFields: [], trieNodes: [] };
}

export function newFieldState(series: SeriesState, field: string, group: FieldGroup): FieldState {
  return {
    series,
    field,
    group,
    numeric: null,
    samples: 0,
    lastTime: Number.NaN,
    meanInterval: Number.NaN,
    longestInterval: 0,
    stale: false,
    rangeVersion: -1,
    min: Number.NEGATIVE_INFINITY,
    max: Number.POSITIVE_INFINITY,
    values: null,
    rates: null,
    drift: null,
    previousValue: Number.NaN,
    previousTime: Number.NaN,
    previousWasOutlier: false,
    runValue: Number.NaN,
    runLength: 0,
    runStartTime: 0,
    variation: 0,
    variationAtRunStart: 0,
    hitsInBlock: 0,
    windowStart: -1,
    windowPoints: 0,
    windowClean: 0,
    windowCounts: null,
    episodes: null,
    openEpisodes: 0,
  };
}

/**
 * Every `missingBlock` points of a series, the fields present in at least `missingPresence` of
 * them become its usual fields (a series of one field has none: nothing to be missing from).
 */
export function countPointForMissing(series: SeriesState, missingBlock: number, missingPresence: number): void {
  if (++series.pointsInBlock < missingBlock) return;
  const needed = series.pointsInBlock * missingPresence;
  series.usualFields = [];
  for (const fieldState of series.fields.values()) {
    if (fieldState.hitsInBlock >= needed && series.fields.size > 1) series.usualFields.push(fieldState);
    fieldState.hitsInBlock = 0;
  }
  series.pointsInBlock = 0;
}

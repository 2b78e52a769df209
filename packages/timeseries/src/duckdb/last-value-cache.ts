import { isoFromEpochMicros } from '../json-values.ts';
import type { LatestFilter, LatestValue } from '../time-series-store.ts';
import { seriesKeyOf, type LastValueBatch, type SeriesValues } from './last-value-batch.ts';

interface CachedMeasurement {
  name: string;
  series: Map<string, SeriesValues>;
  /** Tag names its series carry, by lowercase: a filter names tags case-insensitively, as DuckDB does. */
  tagNames: Map<string, string>;
  /**
   * False once one of its series was evicted: from then on (until the database is opened again)
   * its latest values are read from the store, since the cache no longer knows every series.
   */
  complete: boolean;
}

/** What the cache can answer for a filter, and which measurements it must leave to the store. */
export interface CachedLatest {
  values: LatestValue[];
  /** Measurements matching the filter that have lost a series to eviction. */
  readFromStore: string[];
}

/**
 * The newest value per (measurement, series, field) of one tenant, by event time, kept by the
 * writer after each commit so `latest()` needs no scan.
 *
 * Merging is a maximum by time, so the order in which committed groups and the rebuild from the
 * store (a snapshot read after the database opened) arrive does not matter: an out-of-order
 * point never replaces a newer value, and every group committed since the open is applied.
 *
 * Bounded by `maxEntries` (series × fields). Past it, the least recently written series are
 * evicted whole and their measurement is marked incomplete: its `latest()` then goes to the
 * store, so eviction costs speed, never a missing or stale value.
 */
export class LastValueCache {
  private readonly measurements = new Map<string, CachedMeasurement>();
  /** Every cached series, least recently written first (a Set keeps insertion order). */
  private readonly byRecency = new Set<SeriesValues>();
  private entryCount = 0;
  private rebuilt = false;
  /**
   * Per measurement, the time (epoch µs) before which retention deleted its rows: a rebuild
   * read from a snapshot taken before the deletion must not bring those values back.
   */
  private readonly retainedFrom = new Map<string, number>();

  constructor(readonly maxEntries: number) {}

  /** Set once the values committed before the database opened have been merged in. */
  get ready(): boolean {
    return this.rebuilt;
  }

  get entries(): number {
    return this.entryCount;
  }

  /** A committed group's values; equal times: the group, written later, wins. */
  apply(batch: LastValueBatch): void {
    for (const update of batch.series.values()) this.mergeSeries(update, true);
    this.evictOverflow();
  }

  /**
   * The store's latest values as of a snapshot taken after the open. Groups applied meanwhile
   * may be newer and stay; equal times keep what the writer applied.
   */
  applyRebuild(values: readonly LatestValue[]): void {
    const rebuilt = new Map<string, SeriesValues>();
    for (const value of values) {
      const floor = this.retainedFrom.get(value.measurement);
      if (floor !== undefined && microsFromIso(value.time) < floor) continue;
      const key = seriesKeyOf(value.measurement, value.tags);
      let series = rebuilt.get(key);
      if (series === undefined) {
        series = { measurement: value.measurement, key, tags: value.tags, fields: new Map() };
        rebuilt.set(key, series);
      }
      series.fields.set(value.field, { time: microsFromIso(value.time), value: value.value });
    }
    // Oldest first, so that, over the bound, the series written longest ago are the ones evicted.
    const ordered = [...rebuilt.values()].sort((a, b) => newestTime(a) - newestTime(b));
    for (const series of ordered) this.mergeSeries(series, false);
    this.rebuilt = true;
    this.evictOverflow();
  }

  /**
   * Retention deleted the measurement's rows older than `before` (epoch µs): a field whose newest
   * value is older had only older values, so none is stored any more and it leaves the cache.
   */
  forgetBefore(measurement: string, before: number): void {
    this.retainedFrom.set(measurement, Math.max(before, this.retainedFrom.get(measurement) ?? -Infinity));
    const cached = this.measurements.get(measurement);
    if (cached === undefined) return;
    for (const series of cached.series.values()) {
      for (const [field, latest] of series.fields) {
        if (latest.time >= before) continue;
        series.fields.delete(field);
        this.entryCount--;
      }
      if (series.fields.size > 0) continue;
      cached.series.delete(series.key);
      this.byRecency.delete(series);
    }
  }

  read(filter: LatestFilter): CachedLatest {
    const wanted = filter.measurement?.toLowerCase();
    const where = Object.entries(filter.where ?? {});
    const values: LatestValue[] = [];
    const readFromStore: string[] = [];
    // In name order, as the store query lists measurements.
    for (const measurement of [...this.measurements.values()].sort(byName)) {
      if (wanted !== undefined && measurement.name.toLowerCase() !== wanted) continue;
      if (!measurement.complete) {
        readFromStore.push(measurement.name);
        continue;
      }
      const conditions: Array<[string, string]> = [];
      for (const [key, value] of where) {
        const tag = measurement.tagNames.get(key.toLowerCase());
        // No series of it has the tag, so none has it equal to anything.
        if (tag === undefined) break;
        conditions.push([tag, value]);
      }
      if (conditions.length < where.length) continue;
      for (const series of measurement.series.values()) {
        if (!conditions.every(([tag, value]) => series.tags[tag] === value)) continue;
        // One copy per series and call: the caller may change it, the cache's own stays as it is.
        const tags = { ...series.tags };
        for (const [field, latest] of series.fields) {
          latest.iso ??= isoFromEpochMicros(BigInt(latest.time));
          values.push({ measurement: measurement.name, tags, field, value: latest.value, time: latest.iso });
        }
      }
    }
    return { values, readFromStore };
  }

  private mergeSeries(update: SeriesValues, winsTies: boolean): void {
    const measurement = this.measurementOf(update.measurement);
    let series = measurement.series.get(update.key);
    if (series === undefined) {
      series = { measurement: update.measurement, key: update.key, tags: update.tags, fields: new Map() };
      measurement.series.set(update.key, series);
      for (const tag in update.tags) measurement.tagNames.set(tag.toLowerCase(), tag);
    } else {
      this.byRecency.delete(series);
    }
    this.byRecency.add(series);
    for (const [field, incoming] of update.fields) {
      const current = series.fields.get(field);
      if (current === undefined) {
        series.fields.set(field, incoming);
        this.entryCount++;
      } else if (incoming.time > current.time || (winsTies && incoming.time === current.time)) {
        series.fields.set(field, incoming);
      }
    }
  }

  private evictOverflow(): void {
    for (const series of this.byRecency) {
      if (this.entryCount <= this.maxEntries) return;
      this.byRecency.delete(series);
      const measurement = this.measurements.get(series.measurement)!;
      measurement.series.delete(series.key);
      measurement.complete = false;
      this.entryCount -= series.fields.size;
    }
  }

  private measurementOf(name: string): CachedMeasurement {
    let measurement = this.measurements.get(name);
    if (measurement === undefined) {
      measurement = { name, series: new Map(), tagNames: new Map(), complete: true };
      this.measurements.set(name, measurement);
    }
    return measurement;
  }
}

/** The inverse of isoFromEpochMicros for the times a store query returns (milliseconds, then microseconds when not zero). */
function microsFromIso(iso: string): number {
  const micros = /\.\d{3}(\d{3})Z$/.exec(iso)?.[1];
  return Date.parse(`${iso.slice(0, 23)}Z`) * 1000 + (micros === undefined ? 0 : Number(micros));
}

function newestTime(series: SeriesValues): number {
  let newest = -Infinity;
  for (const { time } of series.fields.values()) if (time > newest) newest = time;
  return newest;
}

/** Binary order of the names, as DuckDB's ORDER BY sorts them. */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

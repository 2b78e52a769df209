import type { FieldValue, TelemetryPoint } from '@facilflow/contracts';
import type { Table } from './table-schema.ts';

/** The newest value of one field of one series, by event time. */
export interface TimedValue {
  /** Epoch microseconds, rounded as the store rounds a point's time (column-stages.ts). */
  time: number;
  value: FieldValue;
  /** `time` in ISO 8601, formatted on the first read that needs it and kept. */
  iso?: string;
}

export interface SeriesValues {
  measurement: string;
  /** The series key: measurement and tag set, tags in column order. */
  key: string;
  /** Non-empty tags in column order, as the store query returns them. */
  tags: Record<string, string>;
  fields: Map<string, TimedValue>;
}

/**
 * What one write group changes in the last-value cache: its accepted points reduced to the
 * newest value per (series, field). Staged with the group and applied only after its COMMIT,
 * so the cache never shows a value that is not stored; a group of 200,000 points from 1,000
 * series becomes 1,000 updates.
 */
export class LastValueBatch {
  readonly series = new Map<string, SeriesValues>();
  // Scratch space for the point being added.
  private readonly tagPositions: number[] = [];
  private readonly tagNames: string[] = [];

  /** `table` is the point's table in the writer's schema, after the point was accepted. */
  add(table: Table, point: TelemetryPoint): void {
    const key = this.seriesKey(table, point);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { measurement: table.name, key, tags: this.tagSet(point), fields: new Map() };
      this.series.set(key, series);
    }
    const time = Math.round(point.t * 1000);
    for (const field in point.f) {
      const current = series.fields.get(field);
      // Equal times: the later write wins, as a point written again with the same time replaces the first.
      if (current === undefined || time >= current.time) series.fields.set(field, { time, value: point.f[field]! });
    }
  }

  /**
   * Measurement, then tag names and values in column order (a point may list its tags in any
   * order); values are length-prefixed because they may hold any character.
   */
  private seriesKey(table: Table, point: TelemetryPoint): string {
    const positions = this.tagPositions;
    const names = this.tagNames;
    positions.length = 0;
    names.length = 0;
    const tags = point.tags;
    for (const name in tags) {
      // An empty value means "no such tag" (see WriteGroup).
      if (tags[name] === '') continue;
      const position = table.column(name)!.position;
      // Insertion sort: a handful of tags, nearly always in column order already.
      let at = positions.length;
      while (at > 0 && positions[at - 1]! > position) {
        positions[at] = positions[at - 1]!;
        names[at] = names[at - 1]!;
        at--;
      }
      positions[at] = position;
      names[at] = name;
    }
    let key = table.name;
    for (const name of names) {
      const value = tags[name]!;
      key += `\u0000${name}\u0000${value.length}\u0000${value}`;
    }
    return key;
  }

  private tagSet(point: TelemetryPoint): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const name of this.tagNames) tags[name] = point.tags[name]!;
    return tags;
  }
}

/** The series key of a tag set whose tags are in column order (a store query's result). */
export function seriesKeyOf(measurement: string, tags: Record<string, string>): string {
  let key = measurement;
  for (const [name, value] of Object.entries(tags)) key += `\u0000${name}\u0000${value.length}\u0000${value}`;
  return key;
}

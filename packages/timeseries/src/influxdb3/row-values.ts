import { isoFromEpochMillis, jsonSafeInteger } from '../json-values.ts';
import { TIME_COLUMN } from '../identifiers.ts';
import type { ColumnKind, QueryColumn } from '../time-series-store.ts';

/**
 * The InfluxDB client's SQL API yields plain row objects built from Arrow batches, with
 * timestamps as epoch-millisecond numbers and 64-bit integers as bigints, and without the
 * Arrow schema. Column kinds are therefore inferred from the values, and a number column
 * named `time` (InfluxDB's timestamp column, or an alias of a `date_bin(...)`) is a timestamp.
 */

export function jsonSafe(value: unknown, isTime: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return isTime ? isoFromEpochMillis(Number(value)) : jsonSafeInteger(value);
  if (typeof value === 'number') {
    if (isTime) return isoFromEpochMillis(value);
    return Number.isFinite(value) ? value : String(value);
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? jsonSafeInteger(item) : item))) as unknown;
  }
  return value;
}

export function isTimeColumn(name: string): boolean {
  return name === TIME_COLUMN;
}

/** A column's kind from its first non-null value (`undefined` when every value was null). */
export function columnOf(name: string, sample: unknown): QueryColumn {
  const type = kindOf(name, sample);
  return { name, type, nativeType: sample === undefined ? 'null' : type };
}

function kindOf(name: string, sample: unknown): ColumnKind {
  if (sample instanceof Date) return 'timestamp';
  switch (typeof sample) {
    case 'number':
    case 'bigint':
      return isTimeColumn(name) ? 'timestamp' : 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return 'other';
  }
}

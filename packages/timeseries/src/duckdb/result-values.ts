import {
  DuckDBDecimalValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBType,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';
import { isoFromEpochMicros, jsonSafeInteger } from '../json-values.ts';
import type { ColumnKind } from '../time-series-store.ts';

/**
 * DuckDB values → JSON-safe values. DuckDB's own JSON converter is the base; it is
 * overridden where it would not give what the port promises: timestamps as ISO 8601
 * (it gives DuckDB's "2024-01-01 00:00:00" text), integers as numbers when exact (it gives
 * every BIGINT as a string, and count(*) is a BIGINT) and decimals as numbers.
 */
export const jsonSafeConverter: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value === null) return null;
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return isoFromEpochMicros(value.micros);
  if (value instanceof DuckDBTimestampMillisecondsValue) return isoFromEpochMicros(value.millis * 1000n);
  if (value instanceof DuckDBTimestampSecondsValue) return isoFromEpochMicros(value.seconds * 1_000_000n);
  if (value instanceof DuckDBTimestampNanosecondsValue) return isoFromEpochMicros(value.nanos / 1000n);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (typeof value === 'bigint') return jsonSafeInteger(value);
  return JsonDuckDBValueConverter(value, type, converter);
};

const NUMBER_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

const TIMESTAMP_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

export function columnKind(type: DuckDBType): ColumnKind {
  if (TIMESTAMP_TYPES.has(type.typeId)) return 'timestamp';
  if (NUMBER_TYPES.has(type.typeId)) return 'number';
  if (type.typeId === DuckDBTypeId.BOOLEAN) return 'boolean';
  if (type.typeId === DuckDBTypeId.VARCHAR || type.typeId === DuckDBTypeId.UUID || type.typeId === DuckDBTypeId.ENUM) return 'string';
  return 'other';
}

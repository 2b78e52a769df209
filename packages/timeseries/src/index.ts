export type {
  BatchKey,
  Catalog,
  CatalogField,
  CatalogMeasurement,
  CatalogTag,
  ColumnKind,
  CompactionSummary,
  FieldType,
  LatestFilter,
  LatestValue,
  QueryColumn,
  QueryLimits,
  QueryOptions,
  QueryParam,
  QueryResult,
  ReadOptions,
  RetentionDeletion,
  TimeSeriesStore,
  TruncatedReason,
  WriteOptions,
  WriteRejection,
  WriteResult,
} from './time-series-store.ts';
export { CATALOG_DISTINCT_CAP, DEFAULT_QUERY_LIMITS } from './time-series-store.ts';
export { isStorageQuotaExceeded, StorageQuotaExceededError } from './storage-quota-error.ts';
export { createDuckDbStore, type DuckDbStoreOptions } from './duckdb/duckdb-store.ts';
export type { TenantSnapshotSummary } from './duckdb/tenant-snapshot.ts';
export { createInfluxDb3Store, type InfluxDb3StoreOptions } from './influxdb3/influxdb3-store.ts';
export {
  encodeLineProtocol,
  encodePoint,
  LineProtocolError,
  type LineProtocolFieldValue,
  type LineProtocolPoint,
} from './line-protocol/line-protocol.ts';
export {
  parseLineProtocol,
  type LineProtocolParseResult,
  type ParseLineProtocolOptions,
  type TimestampPrecision,
} from './line-protocol/line-protocol-parser.ts';
export { withheldColumnError, withheldMatcher, type WithheldColumn } from './withheld-columns.ts';

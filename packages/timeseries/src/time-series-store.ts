import type { FieldValue, TelemetryPoint } from '@facilflow/contracts';
import type { TenantSnapshotSummary } from './duckdb/tenant-snapshot.ts';
import type { WithheldColumn } from './withheld-columns.ts';

/**
 * The time-series port. One implementation per backend (DuckDB embedded, InfluxDB 3 at
 * scale); every method takes the tenant id from the caller's verified context and only
 * ever touches that tenant's own database.
 */
export interface TimeSeriesStore {
  /**
   * Stores the points and resolves once they are durable. A point the store cannot take
   * (bad name, a field whose type differs from its column...) is reported in `rejected`
   * and the rest are still written; only a failure of the store itself rejects the promise.
   */
  write(tenantId: string, points: TelemetryPoint[], options?: WriteOptions): Promise<WriteResult>;
  /** Runs one read-only SELECT over the tenant's measurements. */
  query(tenantId: string, sql: string, options: QueryOptions): Promise<QueryResult>;
  /** What the tenant has stored: measurements with their tags, fields, time range and size. */
  catalog(tenantId: string, options?: ReadOptions): Promise<Catalog>;
  /** The last value of every field of every series (measurement + tag set). */
  latest(tenantId: string, filter?: LatestFilter, options?: ReadOptions): Promise<LatestValue[]>;
  /**
   * Where the tenant's data is a file of this machine (DuckDB): a consistent copy of it into a new
   * file, taken while writes go on (backup). InfluxDB 3 is backed up with its own tooling.
   */
  snapshot?(tenantId: string, targetFile: string): Promise<TenantSnapshotSummary>;
  /**
   * DuckDB: sorts the tenant's closed time windows by series now, instead of in the background
   * after writes, and resolves when none is left (see packages/timeseries/README.md, Layout).
   */
  compact?(tenantId: string): Promise<CompactionSummary>;
  /**
   * Retention: deletes the measurement's rows older than `before` (epoch ms) and forgets the
   * compaction records of the windows that held only those. DuckDB only: InfluxDB 3 Core
   * deletes no rows and takes a retention period only when a database is created (README).
   */
  deleteBefore?(tenantId: string, measurement: string, before: number): Promise<RetentionDeletion>;
  close(): Promise<void>;
}

/**
 * A numbered batch from one source (an agent's `seq`). Giving it makes the write
 * exactly-once for that (source, seq): see `WriteOptions.batch`.
 */
export interface BatchKey {
  /** Who numbers the batches, e.g. `agent:<agentId>`; 1-128 characters. */
  source: string;
  /** The source's sequence number of this batch: a non-negative safe integer. */
  seq: number;
}

export interface WriteOptions {
  /**
   * Records (source, seq) in the same transaction as the points. A write whose key is
   * already recorded stores nothing and resolves with `duplicate: true`, so a batch that
   * is delivered again (a crash between the commit and the acknowledgement) is dropped.
   *
   * DuckDB keeps, per source, the keys of at least the last `dedupeWindow` sequence
   * numbers below the highest one seen (4096 by default): a redelivery is never that far
   * behind. InfluxDB 3 keeps no key: it dedupes by itself, a point written again with the
   * same measurement, tag set, field and time overwrites the first one, so a redelivered
   * batch leaves the data unchanged; `duplicate` is never set there.
   */
  batch?: BatchKey;
}

export interface WriteRejection {
  /** Position of the point in the array given to `write`. */
  index: number;
  reason: string;
}

export interface WriteResult {
  written: number;
  rejected: WriteRejection[];
  /** Set (true) when the write's batch key was recorded already: nothing was written. */
  duplicate?: boolean;
}

/** Bound to `$name` placeholders in the SQL. */
export type QueryParam = string | number | boolean | null;

export interface ReadOptions {
  /** The caller gave up (a closed request, its own deadline): the running read is interrupted. */
  signal?: AbortSignal;
}

export interface QueryOptions extends ReadOptions {
  /** Rows beyond this are dropped and the result is marked `truncated`. */
  maxRows: number;
  /**
   * The query is cancelled after this long, counted from the call: time spent waiting for
   * one of the tenant's query slots counts too.
   */
  timeoutMs: number;
  params?: Record<string, QueryParam>;
  /**
   * Fields the caller may not see (data classification): the query runs as if those columns did
   * not exist, so `SELECT *` leaves them out, and naming one is refused (FORBIDDEN, with the
   * entry's reason).
   */
  withheld?: readonly WithheldColumn[];
}

/** Why a result stopped early: at maxRows, or at the store's byte budget for one result. */
export type TruncatedReason = 'rows' | 'bytes';

/** Bounds every store applies to reads, whatever a caller asks for. */
export interface QueryLimits {
  /**
   * Rows are read until their JSON would exceed this many bytes; the result is then
   * `truncated` with `truncatedReason: 'bytes'`.
   */
  maxResultBytes: number;
  /** Reads of one tenant running at once; more wait in a short queue. */
  maxConcurrentQueries: number;
  /** Reads of one tenant waiting for a slot; beyond this a read is refused (UNAVAILABLE). */
  maxQueuedQueries: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxResultBytes: 8 * 1024 * 1024,
  maxConcurrentQueries: 4,
  maxQueuedQueries: 16,
};

/** A portable column kind, so fronts can tell the time axis from values on any backend. */
export type ColumnKind = 'timestamp' | 'number' | 'boolean' | 'string' | 'other';

export interface QueryColumn {
  name: string;
  type: ColumnKind;
  /** The backend's own type name (DuckDB `DOUBLE`, Arrow `Float64`...). */
  nativeType: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  /**
   * JSON-safe values: timestamps as ISO 8601 strings, integers as numbers when they are
   * exact in a double and as strings otherwise.
   */
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
  /** Set when `truncated`. */
  truncatedReason?: TruncatedReason;
  elapsedMs: number;
}

export type FieldType = 'number' | 'boolean' | 'string';

/** Distinct tag values are counted up to this many; `distinctValuesCapped` says there are more. */
export const CATALOG_DISTINCT_CAP = 1000;

export interface CatalogTag {
  name: string;
  distinctValues: number;
  distinctValuesCapped: boolean;
}

export interface CatalogField {
  name: string;
  type: FieldType;
}

export interface CatalogMeasurement {
  name: string;
  tags: CatalogTag[];
  fields: CatalogField[];
  /** ISO 8601; null when the measurement holds no point. */
  firstTime: string | null;
  lastTime: string | null;
  pointCount: number;
}

export interface Catalog {
  measurements: CatalogMeasurement[];
}

export interface RetentionDeletion {
  /** The measurement as stored (its case), or the name given when it has no table. */
  measurement: string;
  rows: number;
}

export interface CompactionSummary {
  /** Windows sorted by this call. */
  windows: number;
  rows: number;
}

export interface LatestFilter {
  measurement?: string;
  /** Tag equalities; a measurement without one of these tags has no matching series. */
  where?: Record<string, string>;
}

export interface LatestValue {
  measurement: string;
  tags: Record<string, string>;
  field: string;
  value: FieldValue;
  /** ISO 8601 time of that value. */
  time: string;
}

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FacilFlowError, type TelemetryPoint } from '@facilflow/contracts';
import { assertTenantId } from '../identifiers.ts';
import { checkQueryLimits, checkQueryOptions } from '../query-options.ts';
import { TenantQueryGate } from '../query-gate.ts';
import { runControlledRead } from '../read-control.ts';
import { assertBatchKey } from '../batch-key.ts';
import {
  DEFAULT_QUERY_LIMITS,
  type LatestFilter,
  type QueryLimits,
  type QueryOptions,
  type ReadOptions,
  type TimeSeriesStore,
  type WriteOptions,
} from '../time-series-store.ts';
import { checkStorageQuota } from './storage-quota.ts';
import { TenantDatabase, type DuckDbSettings } from './tenant-database.ts';

export interface DuckDbStoreOptions extends Partial<DuckDbSettings> {
  /** Directory holding one `<tenantId>.duckdb` file per tenant. */
  dir: string;
  /** A tenant's file is closed after this long without any call. */
  idleCloseMs: number;
  /** Result size and per-tenant concurrency of reads; each defaults to DEFAULT_QUERY_LIMITS. */
  queryLimits?: Partial<QueryLimits>;
  /** A write that would take a tenant's file (and its WAL) past this many bytes is refused; unlimited when unset. */
  maxTenantBytes?: number;
}

const DEFAULT_SETTINGS: DuckDbSettings = {
  memoryLimit: '1GB',
  threads: 2,
  // DuckDB's default (16MB) checkpoints every ~100k rows and rewrites the open row group each
  // time; with a larger WAL between checkpoints sustained ingest measured up to 3x faster.
  checkpointThreshold: '256MB',
};

/**
 * DuckDB's name for the database is the file name; these would clash with the names
 * DuckDB gives its own catalogs.
 */
const RESERVED_TENANT_IDS = new Set(['system', 'temp', 'main', 'memory']);

interface TenantHandle {
  database: Promise<TenantDatabase>;
  active: number;
  idleTimer?: NodeJS.Timeout;
  /** A compaction started by a write is running: it keeps the handle open like any call. */
  compacting?: Promise<unknown>;
}

/** The embedded time-series store: a DuckDB file per tenant, opened on first use, closed when idle. */
export function createDuckDbStore(options: DuckDbStoreOptions): TimeSeriesStore {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const settings: DuckDbSettings = {
    memoryLimit: options.memoryLimit ?? DEFAULT_SETTINGS.memoryLimit,
    threads: options.threads ?? DEFAULT_SETTINGS.threads,
    checkpointThreshold: options.checkpointThreshold ?? DEFAULT_SETTINGS.checkpointThreshold,
    ...(options.dedupeWindow === undefined ? {} : { dedupeWindow: options.dedupeWindow }),
    ...(options.lastValueCacheEntries === undefined ? {} : { lastValueCacheEntries: options.lastValueCacheEntries }),
    ...(options.compactionWindowMs === undefined ? {} : { compactionWindowMs: options.compactionWindowMs }),
  };
  if (settings.compactionWindowMs !== undefined && (!Number.isSafeInteger(settings.compactionWindowMs) || settings.compactionWindowMs < 60_000)) {
    throw new FacilFlowError('INVALID', 'compactionWindowMs must be a whole number of milliseconds, at least 60000');
  }
  if (settings.lastValueCacheEntries !== undefined && (!Number.isSafeInteger(settings.lastValueCacheEntries) || settings.lastValueCacheEntries < 0)) {
    throw new FacilFlowError('INVALID', 'lastValueCacheEntries must be a non-negative integer');
  }
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits };
  checkQueryLimits(limits);
  const gate = new TenantQueryGate(limits);
  const handles = new Map<string, TenantHandle>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  function open(tenantId: string): TenantHandle {
    assertTenantId(tenantId);
    if (RESERVED_TENANT_IDS.has(tenantId)) throw new FacilFlowError('INVALID', `Tenant id "${tenantId}" is reserved`);
    const database = TenantDatabase.open(join(dir, `${tenantId}.duckdb`), settings).catch((error: unknown) => {
      handles.delete(tenantId);
      throw new FacilFlowError('UNAVAILABLE', `Cannot open the time-series database of tenant ${tenantId}: ${String(error)}`);
    });
    const handle: TenantHandle = { database, active: 0 };
    handles.set(tenantId, handle);
    return handle;
  }

  function closeHandle(tenantId: string, handle: TenantHandle): Promise<void> {
    clearTimeout(handle.idleTimer);
    handles.delete(tenantId);
    return handle.database.then(
      (database) => database.closeSync(),
      () => undefined,
    );
  }

  function closeIfIdle(tenantId: string, handle: TenantHandle): void {
    // Nothing is in flight on an idle handle, so closing cannot cut a call short.
    if (handle.active === 0 && handles.get(tenantId) === handle) void closeHandle(tenantId, handle);
  }

  /** Runs a call against the tenant's database, keeping it open for the call's duration. */
  function use<T>(tenantId: string, call: (database: TenantDatabase) => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new FacilFlowError('UNAVAILABLE', 'The time-series store is closed'));
    let handle: TenantHandle;
    try {
      handle = handles.get(tenantId) ?? open(tenantId);
    } catch (error) {
      return Promise.reject(error);
    }
    handle.active++;
    clearTimeout(handle.idleTimer);
    const running = handle.database.then(call).finally(() => {
      inFlight.delete(running);
      if (--handle.active === 0 && !closed) {
        handle.idleTimer = setTimeout(() => closeIfIdle(tenantId, handle), options.idleCloseMs);
        handle.idleTimer.unref();
      }
    });
    inFlight.add(running);
    return running;
  }

  /** After a write: sorts closed windows in the background, as a call of its own so the file stays open meanwhile. */
  function compactInBackground(tenantId: string, database: TenantDatabase): void {
    const handle = handles.get(tenantId);
    if (handle === undefined || handle.compacting !== undefined || !database.compactionDue) return;
    // A failure is kept by the database (it stops compacting on its own); writes go on either way.
    handle.compacting = use(tenantId, (opened) => opened.compact())
      .catch(() => undefined)
      .finally(() => {
        handle.compacting = undefined;
      });
  }

  return {
    write(tenantId: string, points: TelemetryPoint[], writeOptions: WriteOptions = {}) {
      const batch = writeOptions.batch;
      if (batch !== undefined) {
        try {
          assertBatchKey(batch);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      const quota = options.maxTenantBytes;
      return use(tenantId, async (database) => {
        if (quota !== undefined) await checkStorageQuota(tenantId, join(dir, `${tenantId}.duckdb`), points, quota);
        const result = await database.write(points, batch && { source: batch.source, seq: batch.seq });
        compactInBackground(tenantId, database);
        return result;
      });
    },
    async query(tenantId: string, sql: string, queryOptions: QueryOptions) {
      checkQueryOptions(queryOptions);
      return runControlledRead(gate, tenantId, queryOptions, (stop) =>
        use(tenantId, (database) => database.query(sql, queryOptions, limits.maxResultBytes, stop)),
      );
    },
    catalog: (tenantId: string, readOptions: ReadOptions = {}) =>
      runControlledRead(gate, tenantId, readOptions, (stop) => use(tenantId, (database) => database.catalog(stop))),
    latest: (tenantId: string, filter: LatestFilter = {}, readOptions: ReadOptions = {}) =>
      runControlledRead(gate, tenantId, readOptions, (stop) => use(tenantId, (database) => database.latest(filter, stop))),
    snapshot: (tenantId: string, targetFile: string) => use(tenantId, (database) => database.snapshotTo(targetFile)),
    deleteBefore: (tenantId: string, measurement: string, before: number) => {
      if (!Number.isFinite(before)) return Promise.reject(new FacilFlowError('INVALID', 'before must be a time in epoch milliseconds'));
      return use(tenantId, (database) => database.deleteBefore(measurement, before));
    },
    compact: (tenantId: string) =>
      use(tenantId, async (database) => {
        const windows = await database.compact();
        return { windows: windows.length, rows: windows.reduce((sum, window) => sum + window.rows, 0) };
      }),
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
      await Promise.all([...handles].map(([tenantId, handle]) => closeHandle(tenantId, handle)));
    },
  };
}

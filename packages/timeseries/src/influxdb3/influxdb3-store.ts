import { FacilFlowError, type TelemetryPoint } from '@facilflow/contracts';
import { InfluxDBClient } from '@influxdata/influxdb3-client';
import { assertTenantId } from '../identifiers.ts';
import { encodePoint, LineProtocolError } from '../line-protocol/line-protocol.ts';
import { pointProblem } from '../point-check.ts';
import { checkQueryLimits, checkQueryOptions, timeLimitError } from '../query-options.ts';
import { TenantQueryGate } from '../query-gate.ts';
import { runControlledRead } from '../read-control.ts';
import { assertBatchKey } from '../batch-key.ts';
import {
  DEFAULT_QUERY_LIMITS,
  type LatestFilter,
  type QueryLimits,
  type QueryOptions,
  type QueryParam,
  type QueryResult,
  type ReadOptions,
  type TimeSeriesStore,
  type WriteOptions,
  type WriteRejection,
  type WriteResult,
} from '../time-series-store.ts';
import { readBoundedRows } from './bounded-rows.ts';
import { readInfluxCatalog, readInfluxLatest, type InfluxSql } from './influx-catalog.ts';
import { guardInfluxQuery } from './sql-guard.ts';
import { refuseWithheldNames, withheldOutputNames } from './withheld-names.ts';
import { writeRefusal } from './write-errors.ts';

export interface InfluxDb3StoreOptions {
  /** Base URL of InfluxDB 3, e.g. http://127.0.0.1:8181: HTTP for writes, gRPC (Flight) for queries. */
  host: string;
  token: string;
  /** Each tenant's database is `<databasePrefix><tenantId>`. */
  databasePrefix: string;
  /** Result size and per-tenant concurrency of reads; each defaults to DEFAULT_QUERY_LIMITS. */
  queryLimits?: Partial<QueryLimits>;
}

const DATABASE_PREFIX = /^[A-Za-z0-9_-]{0,32}$/;

/**
 * The at-scale time-series store: one InfluxDB 3 database per tenant. Writes are line
 * protocol over HTTP with microsecond precision (a point's time is epoch ms with decimals) and resolve when InfluxDB has persisted
 * its WAL (the client's default, no_sync off). Queries go through the client's SQL API
 * (Arrow Flight) with a read-only guard; InfluxDB creates a database on its first write.
 */
export function createInfluxDb3Store(options: InfluxDb3StoreOptions): TimeSeriesStore {
  if (!DATABASE_PREFIX.test(options.databasePrefix)) {
    throw new FacilFlowError('INVALID', 'databasePrefix may hold up to 32 letters, digits, dashes and underscores');
  }
  const client = new InfluxDBClient({ host: options.host, token: options.token, writeOptions: { precision: 'us' } });
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits };
  checkQueryLimits(limits);
  const gate = new TenantQueryGate(limits);

  function database(tenantId: string): string {
    assertTenantId(tenantId);
    return `${options.databasePrefix}${tenantId}`;
  }

  function stream(db: string, sql: string, params: Record<string, QueryParam>, limit: number, timeoutMs?: number) {
    const guarded = guardInfluxQuery(sql, limit, params);
    return client.query(guarded.sql, db, { type: 'sql', params: guarded.params, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
  }

  /**
   * The client takes no abort signal for Flight queries: a stopped read leaves the loop at
   * its next row, which closes the stream; the gRPC deadline ends a call still waiting.
   */
  async function collect(db: string, sql: string, params: Record<string, QueryParam>, stop: AbortSignal) {
    const rows: Array<Record<string, unknown>> = [];
    for await (const row of stream(db, sql, params, Number.MAX_SAFE_INTEGER - 1)) {
      stop.throwIfAborted();
      rows.push(row);
    }
    return rows;
  }

  return {
    async write(tenantId: string, points: TelemetryPoint[], writeOptions: WriteOptions = {}): Promise<WriteResult> {
      const db = database(tenantId);
      // No ledger here: a point written again (same measurement, tags, field and time) overwrites
      // itself, so a redelivered batch changes nothing. The key is still checked, as on DuckDB.
      if (writeOptions.batch !== undefined) assertBatchKey(writeOptions.batch);
      const rejected: WriteRejection[] = [];
      const lines: string[] = [];
      const sentIndex: number[] = [];
      points.forEach((point, index) => {
        const problem = pointProblem(point);
        if (problem) {
          rejected.push({ index, reason: problem });
          return;
        }
        try {
          lines.push(encodePoint({ ...point, t: Math.round(point.t * 1000) }));
          sentIndex.push(index);
        } catch (error) {
          if (!(error instanceof LineProtocolError)) throw error;
          rejected.push({ index, reason: error.message });
        }
      });
      if (lines.length > 0) {
        try {
          await client.write(lines, db);
        } catch (error) {
          const refusal = writeRefusal(error);
          if (!refusal) throw new FacilFlowError('UNAVAILABLE', `InfluxDB write failed: ${messageOf(error)}`);
          // A refusal that names no line refused the whole body.
          const refused = refusal.lines.length > 0 ? refusal.lines : lines.map((_line, i) => ({ lineNumber: i + 1, reason: refusal.message }));
          for (const line of refused) {
            const index = sentIndex[line.lineNumber - 1];
            if (index !== undefined) rejected.push({ index, reason: line.reason });
          }
        }
      }
      rejected.sort((a, b) => a.index - b.index);
      return { written: points.length - rejected.length, rejected };
    },

    async query(tenantId: string, sql: string, queryOptions: QueryOptions): Promise<QueryResult> {
      checkQueryOptions(queryOptions);
      const db = database(tenantId);
      const started = performance.now();
      const withheld = queryOptions.withheld ?? [];
      refuseWithheldNames(sql, withheld);
      return runControlledRead(gate, tenantId, queryOptions, async (stop) => {
        try {
          const rows = stream(db, sql, queryOptions.params ?? {}, queryOptions.maxRows, queryOptions.timeoutMs);
          const read = await readBoundedRows(rows, queryOptions.maxRows, limits.maxResultBytes, stop, withheldOutputNames(withheld));
          return {
            columns: read.columns,
            rows: read.rows,
            rowCount: read.rows.length,
            truncated: read.truncatedReason !== undefined,
            ...(read.truncatedReason === undefined ? {} : { truncatedReason: read.truncatedReason }),
            elapsedMs: performance.now() - started,
          };
        } catch (error) {
          if (stop.aborted) throw stop.reason;
          if (error instanceof FacilFlowError) throw error;
          if (rpcCode(error) === 'DEADLINE_EXCEEDED') throw timeLimitError(queryOptions.timeoutMs);
          throw queryError(error);
        }
      });
    },

    catalog(tenantId: string, readOptions: ReadOptions = {}) {
      return runControlledRead(gate, tenantId, readOptions, (stop) => readInfluxCatalog(internalSql(tenantId, stop)));
    },

    latest(tenantId: string, filter: LatestFilter = {}, readOptions: ReadOptions = {}) {
      return runControlledRead(gate, tenantId, readOptions, (stop) => readInfluxLatest(internalSql(tenantId, stop), filter));
    },

    async close() {
      await client.close();
    },
  };

  /** Catalog and latest run their own generated SQL; a tenant that never wrote has no database yet. */
  function internalSql(tenantId: string, stop: AbortSignal): InfluxSql {
    const db = database(tenantId);
    return async (sql, params = {}) => {
      try {
        return await collect(db, sql, params, stop);
      } catch (error) {
        if (stop.aborted) throw stop.reason;
        if (rpcCode(error) === 'NOT_FOUND' || /database .*not found/i.test(messageOf(error))) return [];
        throw error instanceof FacilFlowError ? error : queryError(error);
      }
    };
  }
}

function queryError(error: unknown): FacilFlowError {
  const code = rpcCode(error);
  const unavailable = code === undefined || code === 'UNAVAILABLE' || code === 'INTERNAL' || code === 'UNKNOWN' || code === 'UNAUTHENTICATED';
  return new FacilFlowError(unavailable ? 'UNAVAILABLE' : 'INVALID', messageOf(error));
}

/** gRPC status of a failed Flight call (protobuf-ts RpcError), if it is one. */
function rpcCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { FacilFlowError, type TelemetryPoint } from '@facilflow/contracts';
import { InfluxDBClient } from '@influxdata/influxdb3-client';
import { assertTenantId } from '../identifiers.ts';
import { encodePoint, LineProtocolError } from '../line-protocol/line-protocol.ts';
import { pointProblem } from '../point-check.ts';
import { checkQueryOptions, timeLimitError } from '../query-options.ts';
import { assertBatchKey } from '../batch-key.ts';
import type { LatestFilter, QueryOptions, QueryParam, QueryResult, TimeSeriesStore, WriteOptions, WriteRejection, WriteResult } from '../time-series-store.ts';
import { readInfluxCatalog, readInfluxLatest, type InfluxSql } from './influx-catalog.ts';
import { inferColumns, isTimeColumn, jsonSafe } from './row-values.ts';
import { guardInfluxQuery } from './sql-guard.ts';
import { writeRefusal } from './write-errors.ts';

export interface InfluxDb3StoreOptions {
  /** Base URL of InfluxDB 3, e.g. http://127.0.0.1:8181: HTTP for writes, gRPC (Flight) for queries. */
  host: string;
  token: string;
  /** Each tenant's database is `<databasePrefix><tenantId>`. */
  databasePrefix: string;
}

const DATABASE_PREFIX = /^[A-Za-z0-9_-]{0,32}$/;

/**
 * The at-scale time-series store: one InfluxDB 3 database per tenant. Writes are line
 * protocol over HTTP with millisecond precision and resolve when InfluxDB has persisted
 * its WAL (the client's default, no_sync off). Queries go through the client's SQL API
 * (Arrow Flight) with a read-only guard; InfluxDB creates a database on its first write.
 */
export function createInfluxDb3Store(options: InfluxDb3StoreOptions): TimeSeriesStore {
  if (!DATABASE_PREFIX.test(options.databasePrefix)) {
    throw new FacilFlowError('INVALID', 'databasePrefix may hold up to 32 letters, digits, dashes and underscores');
  }
  const client = new InfluxDBClient({ host: options.host, token: options.token, writeOptions: { precision: 'ms' } });

  function database(tenantId: string): string {
    assertTenantId(tenantId);
    return `${options.databasePrefix}${tenantId}`;
  }

  async function collect(db: string, sql: string, params: Record<string, QueryParam>, limit: number, timeoutMs?: number) {
    const guarded = guardInfluxQuery(sql, limit, params);
    const rows: Array<Record<string, unknown>> = [];
    const stream = client.query(guarded.sql, db, { type: 'sql', params: guarded.params, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
    for await (const row of stream) {
      rows.push(row);
      if (rows.length > limit) break;
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
          lines.push(encodePoint(point));
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
      let rows: Array<Record<string, unknown>>;
      try {
        rows = await collect(db, sql, queryOptions.params ?? {}, queryOptions.maxRows, queryOptions.timeoutMs);
      } catch (error) {
        if (error instanceof FacilFlowError) throw error;
        if (rpcCode(error) === 'DEADLINE_EXCEEDED') throw timeLimitError(queryOptions.timeoutMs);
        throw queryError(error);
      }
      const kept = rows.slice(0, queryOptions.maxRows);
      const columns = inferColumns(kept);
      return {
        columns,
        rows: kept.map((row) => columns.map((column) => jsonSafe(row[column.name], isTimeColumn(column.name) && column.type === 'timestamp'))),
        rowCount: kept.length,
        truncated: rows.length > queryOptions.maxRows,
        elapsedMs: performance.now() - started,
      };
    },

    async catalog(tenantId: string) {
      return readInfluxCatalog(internalSql(tenantId));
    },

    async latest(tenantId: string, filter: LatestFilter = {}) {
      return readInfluxLatest(internalSql(tenantId), filter);
    },

    async close() {
      await client.close();
    },
  };

  /** Catalog and latest run their own generated SQL; a tenant that never wrote has no database yet. */
  function internalSql(tenantId: string): InfluxSql {
    const db = database(tenantId);
    return async (sql, params = {}) => {
      try {
        return await collect(db, sql, params, Number.MAX_SAFE_INTEGER - 1);
      } catch (error) {
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

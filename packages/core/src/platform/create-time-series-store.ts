import type { Config } from '@facilflow/config';
import { createDuckDbStore, createInfluxDb3Store, type TimeSeriesStore } from '@facilflow/timeseries';

/** A tenant's DuckDB file is closed after this long unused, so idle tenants cost no memory. */
const IDLE_CLOSE_MS = 5 * 60_000;

export function createTimeSeriesStore(config: Config): TimeSeriesStore {
  const ts = config.timeseries;
  return ts.kind === 'duckdb'
    ? createDuckDbStore({ dir: ts.dir, idleCloseMs: IDLE_CLOSE_MS, queryLimits: config.limits.query, maxTenantBytes: config.limits.tenantStorageBytes })
    : createInfluxDb3Store({ host: ts.host, token: ts.token, databasePrefix: ts.databasePrefix, queryLimits: config.limits.query });
}

import type { Config } from '@facilflow/config';
import { withSpan } from '@facilflow/observability';
import { createDuckDbStore, createInfluxDb3Store, type TimeSeriesStore } from '@facilflow/timeseries';

/** A tenant's DuckDB file is closed after this long unused, so idle tenants cost no memory. */
const IDLE_CLOSE_MS = 5 * 60_000;

export function createTimeSeriesStore(config: Config): TimeSeriesStore {
  const ts = config.timeseries;
  const store = ts.kind === 'duckdb'
    ? createDuckDbStore({ dir: ts.dir, idleCloseMs: IDLE_CLOSE_MS, queryLimits: config.limits.query, maxTenantBytes: config.limits.tenantStorageBytes })
    : createInfluxDb3Store({ host: ts.host, token: ts.token, databasePrefix: ts.databasePrefix, queryLimits: config.limits.query });
  return traced(store, ts.kind);
}

/**
 * The store with a span around its reads and writes, so a trace shows time spent in the store;
 * the store itself knows nothing of tracing. A proxy, so members added to the port later (and
 * optional ones such as `snapshot`) still reach the store untouched.
 */
function traced(store: TimeSeriesStore, backend: Config['timeseries']['kind']): TimeSeriesStore {
  const span = (tenantId: string) => ({ 'db.system': backend, 'facilflow.tenant': tenantId });
  const spanned: Pick<TimeSeriesStore, 'write' | 'query' | 'catalog' | 'latest'> = {
    write: (tenantId, points, options) =>
      withSpan('timeseries.write', { ...span(tenantId), 'facilflow.points': points.length }, () => store.write(tenantId, points, options)),
    query: (tenantId, sql, options) => withSpan('timeseries.query', span(tenantId), () => store.query(tenantId, sql, options)),
    catalog: (tenantId, options) => withSpan('timeseries.catalog', span(tenantId), () => store.catalog(tenantId, options)),
    latest: (tenantId, filter, options) => withSpan('timeseries.latest', span(tenantId), () => store.latest(tenantId, filter, options)),
  };
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(spanned, property)) return spanned[property as keyof typeof spanned];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

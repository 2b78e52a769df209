import type { QueryResult } from '@facilflow/timeseries';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/** Read-only SQL on the tenant's own database; the store refuses anything else. */
export async function queryTelemetry(
  services: Services,
  scope: TenantScope,
  input: { sql: string; params?: Record<string, string | number | boolean | null> | undefined; maxRows: number; timeoutMs: number },
  /** The call's own: a closed request interrupts the query in the store. */
  signal?: AbortSignal,
): Promise<QueryResult & { dialect: 'duckdb' | 'influxdb3' }> {
  const result = await services.timeseries.query(scope.tenantId, input.sql, {
    maxRows: input.maxRows,
    timeoutMs: input.timeoutMs,
    ...(input.params ? { params: input.params } : {}),
    ...(signal ? { signal } : {}),
  });
  return { dialect: services.timeseriesDialect, ...result };
}

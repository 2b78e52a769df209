import type { QueryResult } from '@facilflow/timeseries';
import type { TenantScope, WithheldField } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { withheldColumns, withheldFieldsFor } from '../governance/withheld-fields.ts';

/**
 * Read-only SQL on the tenant's own database; the store refuses anything else. Fields the
 * caller's role may not see (data classification) are withheld by the store: `SELECT *` leaves
 * them out, a query naming one is refused with FORBIDDEN; `withheld` lists them either way.
 */
export async function queryTelemetry(
  services: Services,
  scope: TenantScope,
  input: { sql: string; params?: Record<string, string | number | boolean | null> | undefined; maxRows: number; timeoutMs: number },
  /** The call's own: a closed request interrupts the query in the store. */
  signal?: AbortSignal,
): Promise<QueryResult & { dialect: 'duckdb' | 'influxdb3'; withheld?: WithheldField[] }> {
  const withheld = await withheldFieldsFor(services, scope);
  const result = await services.timeseries.query(scope.tenantId, input.sql, {
    maxRows: input.maxRows,
    timeoutMs: input.timeoutMs,
    ...(input.params ? { params: input.params } : {}),
    ...(signal ? { signal } : {}),
    ...(withheld.length > 0 ? { withheld: withheldColumns(withheld) } : {}),
  });
  return { dialect: services.timeseriesDialect, ...result, ...(withheld.length > 0 ? { withheld } : {}) };
}

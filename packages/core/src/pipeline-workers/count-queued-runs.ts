import type { TenantScope } from '@facilflow/contracts';
import { count, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/** The tenant's runs waiting for a worker. */
export async function countQueuedRuns(services: Services, scope: TenantScope): Promise<number> {
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select({ n: count() }).from(schema.pipelineRuns).where(eq(schema.pipelineRuns.status, 'queued')),
  );
  return row?.n ?? 0;
}

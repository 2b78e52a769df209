import { eq, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { publishDesiredConfig } from '../agents/publish-desired-config.ts';
import { findDataSourceRow } from './find-data-source.ts';

export async function planDeleteDataSource(services: Services, scope: TenantScope, input: { id: string }): Promise<string> {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findDataSourceRow(tx, input.id));
  const tags = Array.isArray(row.tags) ? row.tags.length : 0;
  return `Delete data source "${row.name}" and stop collecting its ${tags} tags on agent ${row.agentId}; data already stored stays.`;
}

export async function deleteDataSource(services: Services, scope: TenantScope, input: { id: string }): Promise<{ deleted: true }> {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findDataSourceRow(tx, input.id));
  await publishDesiredConfig(services, scope, row.agentId, async (tx) => {
    await tx.delete(schema.dataSources).where(eq(schema.dataSources.id, input.id));
  });
  return { deleted: true };
}

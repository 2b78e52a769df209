import type { DataSource } from '@facilflow/contracts';
import { asc, eq, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findDataSourceRow } from './find-data-source.ts';
import { toDataSource } from './to-data-source.ts';

export async function listDataSources(services: Services, scope: TenantScope, input: { agentId?: string | undefined }): Promise<DataSource[]> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) => {
    const query = tx.select().from(schema.dataSources);
    return (input.agentId ? query.where(eq(schema.dataSources.agentId, input.agentId)) : query).orderBy(asc(schema.dataSources.createdAt));
  });
  return rows.map(toDataSource);
}

export async function getDataSource(services: Services, scope: TenantScope, id: string): Promise<DataSource> {
  return toDataSource(await services.db.withTenant(scope.tenantId, (tx) => findDataSourceRow(tx, id)));
}

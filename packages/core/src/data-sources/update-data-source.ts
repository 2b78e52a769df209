import type { DataSource, OpcUaSource } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { publishDesiredConfig } from '../agents/publish-desired-config.ts';
import { duplicateSourceKey } from './duplicate-source-key.ts';
import { findDataSourceRow } from './find-data-source.ts';
import { sourceColumns, sourceFromRow, toDataSource } from './to-data-source.ts';

/** Replaces a source's endpoint settings and tag list; a password left out keeps the stored one. */
export async function updateDataSource(
  services: Services,
  scope: TenantScope,
  input: { id: string; name?: string | undefined; source: OpcUaSource },
): Promise<DataSource> {
  const existing = await services.db.withTenant(scope.tenantId, (tx) => findDataSourceRow(tx, input.id));
  const previous = sourceFromRow(existing);
  const source = { ...input.source, password: input.source.password ?? previous.password };
  let updated: DataSource | undefined;
  await publishDesiredConfig(services, scope, existing.agentId, async (tx) => {
    const [row] = await tx
      .update(schema.dataSources)
      .set({ name: input.name ?? existing.name, ...sourceColumns(source), updatedAt: services.now() })
      .where(eq(schema.dataSources.id, input.id))
      .returning()
      .catch(duplicateSourceKey(existing.agentId, source.id));
    if (row) updated = toDataSource(row);
  });
  if (!updated) throw new Error('update returned no row');
  return updated;
}

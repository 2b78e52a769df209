import type { DataSource, OpcUaSource } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { publishDesiredConfig } from '../agents/publish-desired-config.ts';
import { duplicateSourceKey } from './duplicate-source-key.ts';
import { sourceColumns, toDataSource } from './to-data-source.ts';

/** Adds an OPC UA endpoint and its subscribed tags to an agent, which picks it up from its next config. */
export async function createDataSource(
  services: Services,
  scope: TenantScope,
  input: { agentId: string; name: string; source: OpcUaSource },
): Promise<DataSource> {
  const id = newId('ds');
  const now = services.now();
  let created: DataSource | undefined;
  await publishDesiredConfig(services, scope, input.agentId, async (tx) => {
    const [row] = await tx
      .insert(schema.dataSources)
      .values({ id, tenantId: scope.tenantId, agentId: input.agentId, name: input.name, ...sourceColumns(input.source), createdAt: now, updatedAt: now })
      .returning()
      .catch(duplicateSourceKey(input.agentId, input.source.id));
    if (row) created = toDataSource(row);
  });
  if (!created) throw new Error('insert returned no row');
  return created;
}

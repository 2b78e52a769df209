import { FacilFlowError, type ApiKey } from '@facilflow/contracts';
import { and, eq, isNull, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { toApiKey } from './to-api-key.ts';

async function findKey(services: Services, scope: TenantScope, id: string) {
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id)).limit(1),
  );
  if (!row) throw new FacilFlowError('NOT_FOUND', `API key ${id} not found`);
  if (row.revokedAt) throw new FacilFlowError('CONFLICT', `API key ${id} is already revoked`);
  return row;
}

export async function planRevokeApiKey(services: Services, scope: TenantScope, input: { id: string }): Promise<string> {
  const row = await findKey(services, scope, input.id);
  const used = row.lastUsedAt ? `last used ${row.lastUsedAt.toISOString()}` : 'never used';
  return `Revoke API key "${row.name}" (${row.role}, ${row.prefix}…, ${used}); every client using it is refused at once.`;
}

export async function revokeApiKey(services: Services, scope: TenantScope, input: { id: string }): Promise<ApiKey> {
  await findKey(services, scope, input.id);
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .update(schema.apiKeys)
      .set({ revokedAt: services.now() })
      .where(and(eq(schema.apiKeys.id, input.id), isNull(schema.apiKeys.revokedAt)))
      .returning(),
  );
  if (!row) throw new FacilFlowError('CONFLICT', `API key ${input.id} is already revoked`);
  return toApiKey(row);
}

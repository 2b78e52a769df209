import { issueApiKey } from '@facilflow/auth/api-keys';
import { actorId, type ApiKey, type ApiKeyRole } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { toApiKey } from './to-api-key.ts';

/** Returns the key's secret this once; only its hash is stored. */
export async function createApiKey(
  services: Services,
  scope: TenantScope,
  input: { name: string; role: ApiKeyRole; automation?: boolean },
): Promise<{ apiKey: ApiKey; secret: string }> {
  const issued = issueApiKey();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.apiKeys)
      .values({
        id: issued.id,
        tenantId: scope.tenantId,
        name: input.name,
        role: input.role,
        prefix: issued.prefix,
        automation: input.automation ?? false,
        secretHash: issued.secretHash,
        createdBy: actorId(scope.actor),
        createdAt: services.now(),
      })
      .returning(),
  );
  if (!row) throw new Error('insert returned no row');
  return { apiKey: toApiKey(row), secret: issued.key };
}

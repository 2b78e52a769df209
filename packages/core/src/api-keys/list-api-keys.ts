import type { ApiKey } from '@facilflow/contracts';
import { desc, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { toApiKey } from './to-api-key.ts';

export async function listApiKeys(services: Services, scope: TenantScope): Promise<ApiKey[]> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(schema.apiKeys).orderBy(desc(schema.apiKeys.createdAt)),
  );
  return rows.map(toApiKey);
}

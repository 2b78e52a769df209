import type { ApiKey, ApiKeyRole } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

type ApiKeyRow = typeof schema.apiKeys.$inferSelect;

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    role: row.role as ApiKeyRole,
    prefix: row.prefix,
    automation: row.automation,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

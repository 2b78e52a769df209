import { parseApiKey, secretMatches } from '@facilflow/auth/api-keys';
import { FacilFlowError, type Role } from '@facilflow/contracts';
import { and, eq, isNull, lt, or, schema } from '@facilflow/db';
import type { Principal } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/** last_used_at is written at most this often per key, so a busy client costs no write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function resolveApiKey(services: Services, key: string): Promise<Principal> {
  const parsed = parseApiKey(key);
  if (!parsed) throw new FacilFlowError('UNAUTHENTICATED', 'Malformed API key');
  // The key's tenant is not known until the row is found: this is the one lookup that precedes tenancy.
  const row = await services.db.withSystem('resolve API key by id', async (tx) => {
    const [found] = await tx.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, parsed.id)).limit(1);
    return found;
  });
  if (!row || !secretMatches(parsed.secret, row.secretHash)) {
    throw new FacilFlowError('UNAUTHENTICATED', 'Unknown API key');
  }
  if (row.revokedAt) throw new FacilFlowError('UNAUTHENTICATED', 'API key has been revoked');
  const now = services.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await services.db.withTenant(row.tenantId, (tx) =>
      tx
        .update(schema.apiKeys)
        .set({ lastUsedAt: now })
        .where(and(eq(schema.apiKeys.id, row.id), or(isNull(schema.apiKeys.lastUsedAt), lt(schema.apiKeys.lastUsedAt, stale)))),
    );
  }
  return {
    actor: { type: 'apiKey', keyId: row.id, name: row.name },
    tenantId: row.tenantId,
    role: row.role as Role,
  };
}

import { and, eq, isNull, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/** Whether this tenant's unrevoked key was created for automation, read at the call so a revoked key keeps nothing. */
export async function isAutomationKey(services: Services, tenantId: string, keyId: string): Promise<boolean> {
  const [row] = await services.db.withTenant(tenantId, (tx) =>
    tx
      .select({ automation: schema.apiKeys.automation })
      .from(schema.apiKeys)
      .where(and(eq(schema.apiKeys.id, keyId), isNull(schema.apiKeys.revokedAt)))
      .limit(1),
  );
  return row?.automation === true;
}

import { notificationPolicySchema, type NotificationPolicy } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';

export interface StoredPolicy {
  policy: NotificationPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The tenant's policy; a tenant that never set one routes nothing (no default channels). */
export async function readPolicy(tx: Tx, tenantId: string): Promise<StoredPolicy> {
  const [row] = await tx.select().from(schema.notificationPolicies).where(eq(schema.notificationPolicies.tenantId, tenantId));
  if (!row) return { policy: notificationPolicySchema.parse({}), updatedAt: null, updatedBy: null };
  return { policy: notificationPolicySchema.parse(row.policy), updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

import type { Delivery, TenantScope } from '@facilflow/contracts';
import { and, desc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toDelivery } from './to-delivery.ts';

/** The delivery log, newest first: what was sent where, how many attempts, the last status code and error. */
export async function listDeliveries(services: Services, scope: TenantScope, input: { status?: string | undefined; targetId?: string | undefined; limit: number }): Promise<Delivery[]> {
  const table = schema.notificationDeliveries;
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(table)
      .where(and(eq(table.tenantId, scope.tenantId), input.status ? eq(table.status, input.status) : undefined, input.targetId ? eq(table.targetId, input.targetId) : undefined))
      .orderBy(desc(table.createdAt), desc(table.id))
      .limit(input.limit),
  );
  return rows.map(toDelivery);
}

import { FacilFlowError, type Delivery, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';
import { announceOutbox } from './deliveries-outbox.ts';
import { toDelivery } from './to-delivery.ts';

/**
 * Sends a logged delivery again, as a new delivery of the same event (same event id, so the
 * receiver can tell it is a repeat), with fresh attempts and a new signature.
 */
export async function redeliver(services: Services, scope: TenantScope, id: string): Promise<Delivery> {
  const table = schema.notificationDeliveries;
  const now = services.now();
  const row = await services.db.withTenant(scope.tenantId, async (tx) => {
    const [original] = await tx.select().from(table).where(and(eq(table.tenantId, scope.tenantId), eq(table.id, id)));
    if (!original) throw new FacilFlowError('NOT_FOUND', `No delivery ${id}`);
    if (original.status === 'pending') throw new FacilFlowError('CONFLICT', `Delivery ${id} is still pending: it is being sent`);
    const [copy] = await tx
      .insert(table)
      .values({
        id: `dlv_${newSortableId(now)}`,
        tenantId: scope.tenantId,
        targetKind: original.targetKind,
        targetId: original.targetId,
        eventType: original.eventType,
        eventId: original.eventId,
        reason: original.reason,
        summary: original.summary,
        body: original.body,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        redeliveryOf: original.id,
      })
      .returning();
    return copy;
  });
  if (!row) throw new Error('The redelivery insert returned no row');
  announceOutbox(services);
  return toDelivery(row);
}

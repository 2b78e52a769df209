import type { Delivery } from '@facilflow/contracts';
import type { DeliveryRow } from './send-delivery.ts';

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    targetKind: row.targetKind as Delivery['targetKind'],
    targetId: row.targetId,
    eventType: row.eventType,
    eventId: row.eventId,
    reason: row.reason,
    summary: row.summary,
    status: row.status as Delivery['status'],
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    redeliveryOf: row.redeliveryOf,
  };
}

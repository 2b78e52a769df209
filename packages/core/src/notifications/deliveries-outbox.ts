import type { TenantEventEnvelope } from '@facilflow/contracts';
import { schema, type Tx } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';

/** The bus channel a new outbox entry is announced on, so a dispatcher on any node sends it without waiting for its next poll. */
export const OUTBOX_CHANNEL = 'notifications:outbox';

export interface OutboxEntry {
  targetKind: 'channel' | 'webhook';
  targetId: string;
  reason: string;
  summary: string;
  /** The envelope sent; an alert's says why (notify, repeat, escalation). */
  body: TenantEventEnvelope & { reason?: string };
}

/**
 * Records deliveries in the outbox, due now. An entry the outbox already holds (the same event
 * and reason for the same target, e.g. a notice handed over twice) is not added again.
 */
export async function addToOutbox(tx: Tx, tenantId: string, now: Date, entries: readonly OutboxEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = await tx
    .insert(schema.notificationDeliveries)
    .values(
      entries.map((entry) => ({
        id: `dlv_${newSortableId(now)}`,
        tenantId,
        targetKind: entry.targetKind,
        targetId: entry.targetId,
        eventType: entry.body.type,
        eventId: entry.body.id,
        reason: entry.reason,
        summary: entry.summary.slice(0, 1000),
        body: entry.body,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: schema.notificationDeliveries.id });
  return rows.length;
}

/** Best effort: a dispatcher that misses it finds the entry on its next poll. */
export function announceOutbox(services: Services): void {
  void services.bus.publish(OUTBOX_CHANNEL, {}).catch(() => undefined);
}

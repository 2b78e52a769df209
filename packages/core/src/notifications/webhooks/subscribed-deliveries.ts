import type { TenantEventEnvelope, TenantEventType } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';
import type { OutboxEntry } from '../deliveries-outbox.ts';

/** An outbox entry for every webhook of the tenant subscribed to the event's type. */
export async function subscribedDeliveries(tx: Tx, envelope: TenantEventEnvelope & { type: TenantEventType }, summary: string): Promise<OutboxEntry[]> {
  const subscriptions = await tx.select().from(schema.webhookSubscriptions).where(eq(schema.webhookSubscriptions.tenantId, envelope.tenantId));
  return subscriptions
    .filter((subscription) => subscription.events.includes(envelope.type))
    .map((subscription) => ({ targetKind: 'webhook', targetId: subscription.id, reason: 'event', summary, body: { ...envelope } }));
}

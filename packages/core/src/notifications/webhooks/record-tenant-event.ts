import type { TenantEventType } from '@facilflow/contracts';
import { newId } from '../../ids.ts';
import type { Services } from '../../services.ts';
import { addToOutbox, announceOutbox } from '../deliveries-outbox.ts';
import { subscribedDeliveries } from './subscribed-deliveries.ts';

/**
 * Hands a tenant event (a run finished, an agent went offline, an approval, a dead letter) to
 * the tenant's outgoing webhooks: one outbox entry per subscribed webhook, written before this
 * returns, sent by the dispatcher. A tenant without a subscription costs one indexed read.
 */
export async function recordTenantEvent(services: Services, tenantId: string, type: TenantEventType, summary: string, data: Record<string, unknown>): Promise<void> {
  const now = services.now();
  const envelope = { id: newId('evt'), type, tenantId, occurredAt: now.toISOString(), data };
  const added = await services.db.withTenant(tenantId, async (tx) => addToOutbox(tx, tenantId, now, await subscribedDeliveries(tx, envelope, summary)));
  if (added > 0) announceOutbox(services);
}

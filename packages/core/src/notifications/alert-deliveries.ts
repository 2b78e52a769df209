import type { AlertNotice, NotificationRoute, TenantEventEnvelope } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';
import { alertHeadline, type NotifyReason } from './channels/alert-text.ts';
import type { OutboxEntry } from './deliveries-outbox.ts';

/** The envelope every channel receives for an alert: the notice as `data`, and why it is sent. */
export function alertEnvelope(notice: AlertNotice, reason: NotifyReason, eventId: string): TenantEventEnvelope & { reason: NotifyReason } {
  return { id: eventId, type: `alert.${notice.transition}`, tenantId: notice.tenantId, occurredAt: notice.at, reason, data: notice };
}

/** The id of a notice's event: the same when the engine hands the same transition over again. */
export const noticeEventId = (notice: AlertNotice) => `${notice.alertId}:${notice.transition}:${notice.at}`;

/** One outbox entry per enabled channel of the tenant the given channel ids name (each channel once). */
export async function channelDeliveries(tx: Tx, notice: AlertNotice, channelIds: readonly string[], reason: NotifyReason, eventId: string): Promise<OutboxEntry[]> {
  if (channelIds.length === 0) return [];
  const channels = await tx.select({ id: schema.notificationChannels.id, enabled: schema.notificationChannels.enabled }).from(schema.notificationChannels).where(eq(schema.notificationChannels.tenantId, notice.tenantId));
  const enabled = new Set(channels.filter((channel) => channel.enabled).map((channel) => channel.id));
  return [...new Set(channelIds)]
    .filter((id) => enabled.has(id))
    .map((id) => ({ targetKind: 'channel', targetId: id, reason, summary: alertHeadline(notice, reason), body: alertEnvelope(notice, reason, eventId) }));
}

export const routeChannels = (routes: readonly NotificationRoute[]) => routes.flatMap((route) => route.channels);

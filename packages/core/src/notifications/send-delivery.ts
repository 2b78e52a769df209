import { alertNoticeSchema, type AlertNotice } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import type { NotifyReason } from './channels/alert-text.ts';
import { failedToSend, type AttemptResult } from './channels/attempt.ts';
import { sendAlertEmail, type EmailSettings } from './channels/email.ts';
import { postSlack } from './channels/slack.ts';
import { postSigned } from './channels/webhook.ts';
import type { ChannelRow } from './channel-record.ts';

export type DeliveryRow = typeof schema.notificationDeliveries.$inferSelect;

interface Envelope {
  id: string;
  reason?: NotifyReason;
  data: unknown;
}

/** Sends an alert envelope through a channel of any kind. */
export function sendThroughChannel(services: Services, channel: ChannelRow, envelope: Envelope, deliveryId: string): Promise<AttemptResult> {
  const notice: AlertNotice = alertNoticeSchema.parse(envelope.data);
  const reason = envelope.reason ?? 'notify';
  switch (channel.kind) {
    case 'webhook':
      return postSigned(services, { url: (channel.settings as { url: string }).url, secret: channel.secret ?? '', deliveryId, eventId: envelope.id, body: envelope });
    case 'slack':
      return postSlack(services, channel.secret ?? '', notice, reason);
    case 'email':
      return sendAlertEmail(services, channel.settings as EmailSettings, channel.secret, notice, reason);
    default:
      return Promise.resolve(failedToSend(new Error(`unknown channel kind ${channel.kind}`), false));
  }
}

/** One attempt of a delivery: to its channel, or to its outgoing webhook; a target deleted since is a final failure. */
export async function sendDelivery(services: Services, delivery: DeliveryRow): Promise<AttemptResult> {
  const envelope = delivery.body as Envelope;
  if (delivery.targetKind === 'webhook') {
    const table = schema.webhookSubscriptions;
    const [webhook] = await services.db.withTenant(delivery.tenantId, (tx) => tx.select().from(table).where(and(eq(table.tenantId, delivery.tenantId), eq(table.id, delivery.targetId))));
    if (!webhook) return failedToSend(new Error(`webhook ${delivery.targetId} no longer exists`), false);
    return postSigned(services, { url: webhook.url, secret: webhook.secret, deliveryId: delivery.id, eventId: delivery.eventId, body: envelope });
  }
  const table = schema.notificationChannels;
  const [channel] = await services.db.withTenant(delivery.tenantId, (tx) => tx.select().from(table).where(and(eq(table.tenantId, delivery.tenantId), eq(table.id, delivery.targetId))));
  if (!channel) return failedToSend(new Error(`channel ${delivery.targetId} no longer exists`), false);
  if (!channel.enabled) return failedToSend(new Error(`channel ${delivery.targetId} is disabled`), false);
  return sendThroughChannel(services, channel, envelope, delivery.id);
}

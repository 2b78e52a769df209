import { alertNoticeSchema, type AlertNotice, type AlertNoticeSink, type AlertTransition, type NotificationRoute } from '@facilflow/contracts';
import { and, eq, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { alertEnvelope, channelDeliveries, noticeEventId, routeChannels } from './alert-deliveries.ts';
import { alertHeadline } from './channels/alert-text.ts';
import { addToOutbox, announceOutbox, type OutboxEntry } from './deliveries-outbox.ts';
import { nextFollowUpAt } from './follow-up-schedule.ts';
import { mutedBy } from './muting.ts';
import { readPolicy } from './policy-record.ts';
import { routesFor } from './policy-routes.ts';
import { subscribedDeliveries } from './webhooks/subscribed-deliveries.ts';

/** The transitions channels are told about; shelving only pauses repeats and escalation. */
const NOTIFIED: ReadonlySet<AlertTransition> = new Set(['triggered', 'acknowledged', 'resolved']);

/**
 * Where the alert engine hands each transition. In one transaction of the notice's tenant it
 * routes the notice through the policy (unless a silence or a maintenance window mutes it),
 * writes an outbox entry per channel and per subscribed webhook, and keeps what repeat and
 * escalation need; only then does `deliver` return, so a process that stops loses nothing.
 */
export function createAlertNoticeSink(services: Services): AlertNoticeSink {
  return {
    async deliver(given: AlertNotice) {
      const notice = alertNoticeSchema.parse(given);
      const added = await services.db.withTenant(notice.tenantId, (tx) => recordNotice(services, tx, notice));
      if (added > 0) announceOutbox(services);
    },
  };
}

async function recordNotice(services: Services, tx: Tx, notice: AlertNotice): Promise<number> {
  const now = services.now();
  const { policy } = await readPolicy(tx, notice.tenantId);
  const routes = routesFor(policy, notice);
  const notify = NOTIFIED.has(notice.transition) && (await mutedBy(tx, notice, now)) === null;
  const eventId = noticeEventId(notice);
  const entries: OutboxEntry[] = notify ? await channelDeliveries(tx, notice, routeChannels(routes), 'notify', eventId) : [];
  if (notice.transition === 'triggered' || notice.transition === 'resolved') {
    const { reason: _reason, ...envelope } = alertEnvelope(notice, 'notify', eventId);
    entries.push(...(await subscribedDeliveries(tx, { ...envelope, type: `alert.${notice.transition}` }, alertHeadline(notice, 'notify'))));
  }
  await keepFollowUpState(tx, notice, routes, notify ? now : null);
  return addToOutbox(tx, notice.tenantId, now, entries);
}

const FOLLOW_UP_STATUS: Record<Exclude<AlertTransition, 'resolved'>, string> = { triggered: 'firing', unshelved: 'firing', acknowledged: 'acknowledged', shelved: 'shelved' };

/** Firing alerts keep a state row (repeat, escalation); acknowledging or shelving pauses it, resolving ends it. */
async function keepFollowUpState(tx: Tx, notice: AlertNotice, routes: readonly NotificationRoute[], notifiedAt: Date | null): Promise<void> {
  const table = schema.alertNotificationStates;
  const key = and(eq(table.tenantId, notice.tenantId), eq(table.alertId, notice.alertId));
  if (notice.transition === 'resolved') {
    await tx.delete(table).where(key);
    return;
  }
  const [current] = await tx.select().from(table).where(key);
  const firedAt = new Date(notice.firedAt);
  const notified = notice.transition === 'triggered' ? {} : { ...(current?.notifiedAt ?? {}) };
  if (notifiedAt && notice.transition === 'triggered') for (const route of routes) notified[route.name] = notifiedAt.toISOString();
  const escalated = notice.transition === 'triggered' ? [] : (current?.escalated ?? []);
  const firing = FOLLOW_UP_STATUS[notice.transition];
  const next = firing === 'firing' ? nextFollowUpAt(routes, { firedAt, notifiedAt: notified, escalated }) : null;
  const values = { tenantId: notice.tenantId, alertId: notice.alertId, notice, status: firing, firedAt, notifiedAt: notified, escalated, nextFollowUpAt: next };
  await tx.insert(table).values(values).onConflictDoUpdate({ target: [table.tenantId, table.alertId], set: { notice, status: firing, firedAt, notifiedAt: notified, escalated, nextFollowUpAt: next } });
}

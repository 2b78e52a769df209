import { alertNoticeSchema } from '@facilflow/contracts';
import { and, asc, eq, lte, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { channelDeliveries } from './alert-deliveries.ts';
import { addToOutbox, type OutboxEntry } from './deliveries-outbox.ts';
import { escalationDueAt, nextFollowUpAt, repeatDueAt } from './follow-up-schedule.ts';
import { mutedBy } from './muting.ts';
import { readPolicy } from './policy-record.ts';
import { routesFor } from './policy-routes.ts';

/** A muted alert is looked at again this soon: its silence or window may end before its next repeat. */
const MUTED_RECHECK_MS = 60_000;
const BATCH = 100;

/**
 * Repeats and escalations that are due: for each firing alert whose next follow-up has come,
 * re-notify the routes whose repeat interval passed and escalate the routes whose escalation
 * time passed while the alert stayed unacknowledged (an acknowledged, shelved or resolved alert
 * has no due follow-up). Muted alerts are skipped and looked at again shortly. Returns how
 * many outbox entries it wrote.
 */
export async function runFollowUps(services: Services): Promise<number> {
  const now = services.now();
  const table = schema.alertNotificationStates;
  const due = await services.db.withSystem('notification follow-ups: firing alerts whose repeat or escalation is due, in every tenant', (tx) =>
    tx.select({ tenantId: table.tenantId, alertId: table.alertId }).from(table).where(and(eq(table.status, 'firing'), lte(table.nextFollowUpAt, now))).orderBy(asc(table.nextFollowUpAt)).limit(BATCH),
  );
  let added = 0;
  for (const { tenantId, alertId } of due) {
    added += await services.db.withTenant(tenantId, (tx) => followUp(tx, tenantId, alertId, now));
  }
  return added;
}

async function followUp(tx: Tx, tenantId: string, alertId: string, now: Date): Promise<number> {
  const table = schema.alertNotificationStates;
  const key = and(eq(table.tenantId, tenantId), eq(table.alertId, alertId));
  // Locked, so two dispatchers never both send the same repeat.
  const [row] = await tx.select().from(table).where(key).for('update');
  if (!row || row.status !== 'firing' || !row.nextFollowUpAt || row.nextFollowUpAt > now) return 0;
  const notice = alertNoticeSchema.parse(row.notice);
  if ((await mutedBy(tx, notice, now)) !== null) {
    await tx.update(table).set({ nextFollowUpAt: new Date(now.getTime() + MUTED_RECHECK_MS) }).where(key);
    return 0;
  }
  const { policy } = await readPolicy(tx, tenantId);
  const routes = routesFor(policy, notice);
  const notifiedAt = { ...row.notifiedAt };
  const escalated = [...row.escalated];
  const state = { firedAt: row.firedAt, notifiedAt: row.notifiedAt, escalated: row.escalated };
  const entries: OutboxEntry[] = [];
  for (const route of routes) {
    const repeat = repeatDueAt(route, state);
    if (repeat !== null && repeat <= now.getTime()) {
      entries.push(...(await channelDeliveries(tx, notice, route.channels, 'repeat', `${notice.alertId}:${route.name}:repeat:${now.toISOString()}`)));
      notifiedAt[route.name] = now.toISOString();
    }
    const escalation = escalationDueAt(route, state);
    if (route.escalation && escalation !== null && escalation <= now.getTime()) {
      entries.push(...(await channelDeliveries(tx, notice, route.escalation.channels, 'escalation', `${notice.alertId}:${notice.firedAt}:escalation:${route.name}`)));
      escalated.push(route.name);
    }
  }
  const next = nextFollowUpAt(routes, { firedAt: row.firedAt, notifiedAt, escalated });
  await tx.update(table).set({ notifiedAt, escalated, nextFollowUpAt: next }).where(key);
  return addToOutbox(tx, tenantId, now, entries);
}

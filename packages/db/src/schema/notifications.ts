import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
const tenantRef = () =>
  text('tenant_id')
    .notNull()
    .references(() => tenants.tenantId, { onDelete: 'cascade' });

/** Where alert notifications go: a signed webhook, a Slack incoming webhook or an SMTP mailbox. */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: text('id').primaryKey(),
    tenantId: tenantRef(),
    name: text('name').notNull(),
    /** webhook, slack, email. */
    kind: text('kind').notNull(),
    /** What the channel points at, without its secret. */
    settings: jsonb('settings').notNull(),
    /** The webhook's signing secret, the Slack URL or the SMTP password: used to send, never shown. */
    secret: text('secret'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('notification_channels_tenant_idx').on(t.tenantId)],
);

/** One routing policy per tenant. */
export const notificationPolicies = pgTable('notification_policies', {
  tenantId: tenantRef().primaryKey(),
  policy: jsonb('policy').notNull(),
  updatedAt: at('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const notificationSilences = pgTable(
  'notification_silences',
  {
    id: text('id').primaryKey(),
    tenantId: tenantRef(),
    matcher: jsonb('matcher').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    createdBy: text('created_by').notNull(),
    comment: text('comment').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('notification_silences_tenant_idx').on(t.tenantId, t.endsAt)],
);

export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: text('id').primaryKey(),
    tenantId: tenantRef(),
    name: text('name').notNull(),
    matcher: jsonb('matcher').notNull(),
    /** once (start, end) or weekly (days, local start time, duration, IANA zone). */
    schedule: jsonb('schedule').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('maintenance_windows_tenant_idx').on(t.tenantId)],
);

/** A tenant's outgoing webhook: the events it wants, signed with its own secret. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    tenantId: tenantRef(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    events: jsonb('events').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('webhook_subscriptions_tenant_idx').on(t.tenantId)],
);

/**
 * The outbox and the delivery log in one: a row is written before the notice is acknowledged,
 * the dispatcher claims due rows (a lease, so a dead process's claim runs out) and records each
 * attempt. The unique key keeps a notice handed over twice to one delivery per target.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: tenantRef(),
    /** channel or webhook. */
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    eventType: text('event_type').notNull(),
    eventId: text('event_id').notNull(),
    /** notify, repeat, escalation, event, test. */
    reason: text('reason').notNull(),
    summary: text('summary').notNull(),
    /** The event envelope sent (the alert notice or the tenant event). */
    body: jsonb('body').notNull(),
    /** pending, delivered, failed. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at'),
    claimedUntil: at('claimed_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
    redeliveryOf: text('redelivery_of'),
  },
  (t) => [
    index('notification_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('notification_deliveries_tenant_idx').on(t.tenantId, t.createdAt),
    uniqueIndex('notification_deliveries_once_idx').on(t.tenantId, t.targetKind, t.targetId, t.eventId, t.reason).where(sql`${t.redeliveryOf} is null`),
  ],
);

/** Per firing alert: what repeat and escalation need to know (last notified, escalated, the next time to look). */
export const alertNotificationStates = pgTable(
  'alert_notification_states',
  {
    tenantId: tenantRef(),
    alertId: text('alert_id').notNull(),
    /** The latest notice of the alert. */
    notice: jsonb('notice').notNull(),
    /** firing, acknowledged, shelved. */
    status: text('status').notNull(),
    firedAt: at('fired_at').notNull(),
    /** When each route last notified it, by route name. */
    notifiedAt: jsonb('notified_at').$type<Record<string, string>>().notNull(),
    /** Route names whose escalation went out. */
    escalated: jsonb('escalated').$type<string[]>().notNull(),
    nextFollowUpAt: at('next_follow_up_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.alertId] }), index('alert_notification_states_due_idx').on(t.nextFollowUpAt)],
);

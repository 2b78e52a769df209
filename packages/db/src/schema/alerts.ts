import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A tenant's alert rule: its whole spec (contracts' alertRuleSpecSchema) as jsonb, versioned by each change. */
export const alertRules = pgTable(
  'alert_rules',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    measurement: text('measurement'),
    enabled: boolean('enabled').notNull(),
    spec: jsonb('spec').notNull(),
    version: integer('version').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('alert_rules_tenant_name_unique').on(t.tenantId, t.name)],
);

/**
 * One alert: a rule's condition on one series, from firing to resolved. At most one is open
 * (not resolved) per rule and series, which is what deduplicates them. The rule's name and
 * labels are copied, so history reads the same after the rule changed or went.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    state: text('state').notNull(),
    severity: text('severity').notNull(),
    priority: integer('priority').notNull(),
    measurement: text('measurement'),
    field: text('field'),
    series: text('series').notNull(),
    tags: jsonb('tags').notNull(),
    labels: jsonb('labels').notNull(),
    summary: text('summary').notNull(),
    value: doublePrecision('value'),
    firedAt: at('fired_at').notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedComment: text('acknowledged_comment'),
    shelvedBy: text('shelved_by'),
    shelvedAt: at('shelved_at'),
    shelvedUntil: at('shelved_until'),
    shelvedReason: text('shelved_reason'),
    resolvedBy: text('resolved_by'),
    resolvedAt: at('resolved_at'),
    resolvedComment: text('resolved_comment'),
  },
  (t) => [
    unique('alerts_tenant_id_unique').on(t.tenantId, t.id),
    uniqueIndex('alerts_open_per_series_unique').on(t.tenantId, t.ruleId, t.series).where(sql`state <> 'resolved'`),
    index('alerts_tenant_fired_idx').on(t.tenantId, t.firedAt),
    index('alerts_tenant_rule_idx').on(t.tenantId, t.ruleId),
  ],
);

/** Every transition of an alert, append-only: who did what, when, and what they said. */
export const alertTransitions = pgTable(
  'alert_transitions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    alertId: text('alert_id').notNull(),
    ruleId: text('rule_id').notNull(),
    series: text('series').notNull(),
    transition: text('transition').notNull(),
    actor: text('actor'),
    comment: text('comment'),
    value: doublePrecision('value'),
    at: at('at').notNull(),
  },
  (t) => [
    foreignKey({ name: 'alert_transitions_alert_fk', columns: [t.tenantId, t.alertId], foreignColumns: [alerts.tenantId, alerts.id] }).onDelete('cascade'),
    index('alert_transitions_alert_idx').on(t.alertId, t.at), index('alert_transitions_tenant_at_idx').on(t.tenantId, t.transition, t.at),
  ],
);

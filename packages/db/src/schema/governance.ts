import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

/** A tenant's data-governance settings; a tenant without a row has the defaults (keep telemetry, audit 365 days). */
export const governanceSettings = pgTable('governance_settings', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.tenantId, { onDelete: 'cascade' }),
  /** Days a measurement without its own period keeps its rows; null keeps them. */
  defaultRetentionDays: integer('default_retention_days'),
  auditRetentionDays: integer('audit_retention_days').notNull().default(365),
  /** The tenant's own lowest role per classification label, over the defaults: { confidential: 'operator' }. */
  labelMinRoles: jsonb('label_min_roles').$type<Record<string, string>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const measurementRetention = pgTable(
  'measurement_retention',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    measurement: text('measurement').notNull(),
    retentionDays: integer('retention_days').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.measurement] })],
);

export const dataClassifications = pgTable(
  'data_classifications',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    measurement: text('measurement').notNull(),
    /** A field, or '*' for every field of the measurement without a label of its own. */
    field: text('field').notNull(),
    label: text('label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.measurement, t.field] })],
);

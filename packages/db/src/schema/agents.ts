import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

export const agents = pgTable(
  'agents',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** SHA-256 of the one-time enrolment token; cleared once used. */
    enrollmentTokenHash: text('enrollment_token_hash'),
    enrollmentExpiresAt: timestamp('enrollment_expires_at', { withTimezone: true }),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }),
    /** SHA-256 of the MQTT password handed out at enrolment; the embedded broker checks it. */
    mqttPasswordHash: text('mqtt_password_hash'),
    desiredConfig: jsonb('desired_config').notNull(),
    desiredConfigVersion: integer('desired_config_version').notNull().default(0),
    appliedConfigVersion: integer('applied_config_version'),
    lastStatus: jsonb('last_status'),
    lastHeartbeat: jsonb('last_heartbeat'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    hostname: text('hostname'),
    agentVersion: text('agent_version'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('agents_tenant_idx').on(t.tenantId), uniqueIndex('agents_tenant_name_unique').on(t.tenantId, t.name)],
);

export const dataSources = pgTable(
  'data_sources',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** The id the agent's config knows the source by (an identifier). */
    key: text('key').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** Endpoint, security and subscription settings, validated by the contracts' source schema. */
    settings: jsonb('settings').notNull(),
    /** Subscribed tags with their measurement/field mapping. */
    tags: jsonb('tags').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('data_sources_tenant_idx').on(t.tenantId), uniqueIndex('data_sources_agent_key_unique').on(t.agentId, t.key)],
);

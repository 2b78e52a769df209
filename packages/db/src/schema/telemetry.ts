import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Versioned measurement schemas: the registry ingest validates every point against. */
export const measurementSchemas = pgTable(
  'measurement_schemas',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    measurement: text('measurement').notNull(),
    version: integer('version').notNull(),
    description: text('description'),
    fields: jsonb('fields').notNull(),
    requiredTags: jsonb('required_tags').notNull(),
    /** Labels policies match (e.g. `production`). */
    labels: jsonb('labels').notNull().default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.measurement, t.version] })],
);

/** Rejected input, kept with its reason and raw payload so the tenant can see it and replay it. */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    agentId: text('agent_id'),
    topic: text('topic').notNull(),
    codec: text('codec').notNull(),
    reason: text('reason').notNull(),
    details: jsonb('details'),
    payload: bytea('payload').notNull(),
    payloadTruncated: integer('payload_truncated').notNull().default(0),
    receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    replayedAt: timestamp('replayed_at', { withTimezone: true }),
    replayOutcome: text('replay_outcome'),
  },
  (t) => [index('dead_letters_tenant_received_idx').on(t.tenantId, t.receivedAt)],
);

export const lineageNodes = pgTable(
  'lineage_nodes',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    /** `kind:key`, e.g. `agent:ag_…`, `tag:<source>/<nodeId>`, `measurement:oven`. */
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    attributes: jsonb('attributes').notNull().default(sql`'{}'::jsonb`),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const lineageEdges = pgTable(
  'lineage_edges',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    fromId: text('from_id').notNull(),
    toId: text('to_id').notNull(),
    kind: text('kind').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.fromId, t.toId] }), index('lineage_edges_to_idx').on(t.tenantId, t.toId)],
);

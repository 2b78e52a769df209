import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A run worker of the deployment, as it registered and last heartbeat. Platform infrastructure:
 * no tenant owns a worker, so the table has no tenant_id and no row-level security; the
 * operations that read it show tenants only what is theirs (their own runs on it).
 */
export const pipelineWorkers = pgTable(
  'pipeline_workers',
  {
    id: text('id').primaryKey(),
    cluster: text('cluster').notNull(),
    /** Runs it executes at once. */
    capacity: integer('capacity').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    version: text('version').notNull(),
    host: text('host').notNull(),
    pid: integer('pid').notNull(),
    /** active, draining, drained, lost or stopped. */
    state: text('state').notNull(),
    heartbeatIntervalMs: integer('heartbeat_interval_ms').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, precision: 3 }).notNull(),
    drainRequestedAt: timestamp('drain_requested_at', { withTimezone: true, precision: 3 }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('pipeline_workers_cluster_idx').on(t.cluster, t.state)],
);

/** When each tenant last had a run claimed on a cluster: fair share's round robin among tenants of equal load. */
export const pipelineClusterTurns = pgTable(
  'pipeline_cluster_turns',
  {
    cluster: text('cluster').notNull(),
    tenantId: text('tenant_id').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true, precision: 3 }).notNull(),
    claims: integer('claims').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cluster, t.tenantId], name: 'pipeline_cluster_turns_pk' })],
);

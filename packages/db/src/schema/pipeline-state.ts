import { bigint, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { pipelines } from './pipelines.ts';

/**
 * A stream pipeline's operator state at its last checkpoint of the written-telemetry stream,
 * for the published version it ran: a worker taking the pipeline over restores it and reads on
 * from the stream's checkpoint. Another version starts from empty state.
 */
export const pipelineStreamStates = pgTable(
  'pipeline_stream_states',
  {
    tenantId: text('tenant_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    version: integer('version').notNull(),
    checkpoint: jsonb('checkpoint').notNull(),
    /** Batches and rows since the version started streaming, for the run view. */
    batches: bigint('batches', { mode: 'number' }).notNull().default(0),
    rowsIn: bigint('rows_in', { mode: 'number' }).notNull().default(0),
    rowsOut: bigint('rows_out', { mode: 'number' }).notNull().default(0),
    lastError: jsonb('last_error'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.pipelineId] }),
    foreignKey({ columns: [table.tenantId, table.pipelineId], foreignColumns: [pipelines.tenantId, pipelines.id] }).onDelete('cascade'),
  ],
);

/** The last firing of each cron schedule, so firings missed while no scheduler ran are found after a restart. */
export const pipelineScheduleFirings = pgTable(
  'pipeline_schedule_firings',
  {
    tenantId: text('tenant_id').notNull(),
    scheduleId: text('schedule_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    lastFiredAt: timestamp('last_fired_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.scheduleId] }),
    foreignKey({ columns: [table.tenantId, table.pipelineId], foreignColumns: [pipelines.tenantId, pipelines.id] }).onDelete('cascade'),
  ],
);

/**
 * A cron schedule an operator paused (schedules.pause): it does not fire until schedules.resume,
 * when its misfire policy decides what becomes of the firings it missed. No row: not paused.
 */
export const pipelineSchedules = pgTable(
  'pipeline_schedules',
  {
    tenantId: text('tenant_id').notNull(),
    scheduleId: text('schedule_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    pausedAt: timestamp('paused_at', { withTimezone: true, precision: 3 }).notNull(),
    pausedBy: text('paused_by').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.scheduleId] }),
    foreignKey({ columns: [table.tenantId, table.pipelineId], foreignColumns: [pipelines.tenantId, pipelines.id] }).onDelete('cascade'),
  ],
);

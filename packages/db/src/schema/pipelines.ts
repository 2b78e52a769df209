import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

/*
 * Foreign keys between pipeline tables carry tenant_id: referential checks bypass row-level
 * security, so a key on the id alone would let a row of one tenant point at another tenant's.
 */

/** A pipeline: its editable draft and a pointer to its latest published version. */
export const pipelines = pgTable(
  'pipelines',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    /** draft (never started), active, paused, archived. */
    status: text('status').notNull(),
    /** The spec as last written; it may not validate (a draft is allowed to be broken). */
    draftSpec: jsonb('draft_spec').notNull(),
    latestVersion: integer('latest_version'),
    /** When it was last started (made active): its cron firings count as missed from then on only. */
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    /** SHA-256 of the webhook trigger's secret. */
    webhookSecretHash: text('webhook_secret_hash'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    unique('pipelines_tenant_id_unique').on(t.tenantId, t.id),
    // An archived pipeline gives its name back.
    uniqueIndex('pipelines_tenant_name_unique').on(t.tenantId, t.name).where(sql`status <> 'archived'`),
    index('pipelines_tenant_updated_idx').on(t.tenantId, t.updatedAt, t.id),
  ],
);

/** A published spec; the application may insert and read versions, never change one. */
export const pipelineVersions = pgTable(
  'pipeline_versions',
  {
    tenantId: text('tenant_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    version: integer('version').notNull(),
    /** The spec with its defaults applied, as runs of this version execute it. */
    spec: jsonb('spec').notNull(),
    note: text('note'),
    /** Set when this version is a rollback: the version it copies. */
    copiedFrom: integer('copied_from'),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.pipelineId, t.version] }),
    unique('pipeline_versions_tenant_version_unique').on(t.tenantId, t.pipelineId, t.version),
    foreignKey({ columns: [t.tenantId, t.pipelineId], foreignColumns: [pipelines.tenantId, pipelines.id], name: 'pipeline_versions_pipeline_fk' }).onDelete('cascade'),
  ],
);

/** One execution of a pinned version. */
export const pipelineRuns = pgTable(
  'pipeline_runs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    trigger: text('trigger').notNull(),
    rangeFrom: timestamp('range_from', { withTimezone: true, precision: 3 }),
    rangeTo: timestamp('range_to', { withTimezone: true, precision: 3 }),
    params: jsonb('params').notNull(),
    replayOfRunId: text('replay_of_run_id'),
    replayFromStage: text('replay_from_stage'),
    /** A replay's edited inputs of the stage it starts from, by `needs` reference. */
    replayInputs: jsonb('replay_inputs'),
    /** The rows the run was handed (a webhook's payload), read by its `control.input` stages. */
    input: jsonb('input'),
    error: jsonb('error'),
    triggeredBy: text('triggered_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
    /** The worker executing the run, and until when its claim holds unless renewed: past it another worker takes the run over. */
    workerId: text('worker_id'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, precision: 3 }),
    /** The cron firing that started it (`<scheduleId>@<fireAt>`): unique, so a firing delivered twice starts one run. */
    scheduleFiring: text('schedule_firing'),
  },
  (t) => [
    unique('pipeline_runs_tenant_id_unique').on(t.tenantId, t.id),
    foreignKey({
      columns: [t.tenantId, t.pipelineId, t.version],
      foreignColumns: [pipelineVersions.tenantId, pipelineVersions.pipelineId, pipelineVersions.version],
      name: 'pipeline_runs_version_fk',
    }).onDelete('cascade'),
    index('pipeline_runs_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('pipeline_runs_pipeline_created_idx').on(t.tenantId, t.pipelineId, t.createdAt, t.id),
    uniqueIndex('pipeline_runs_schedule_firing_unique').on(t.tenantId, t.scheduleFiring),
    // Placement scans the queued runs across tenants, and counts what each worker holds.
    index('pipeline_runs_queued_idx').on(t.createdAt, t.id).where(sql`status = 'queued'`),
    index('pipeline_runs_worker_idx').on(t.workerId).where(sql`status IN ('running', 'paused', 'waiting_approval')`),
  ],
);

/** One attempt of one stage in a run, with bounded samples of what it read and wrote. */
export const pipelineSteps = pgTable(
  'pipeline_steps',
  {
    tenantId: text('tenant_id').notNull(),
    runId: text('run_id').notNull(),
    stageId: text('stage_id').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status').notNull(),
    rowsIn: integer('rows_in').notNull(),
    rowsOut: integer('rows_out').notNull(),
    inputSample: jsonb('input_sample').notNull(),
    outputSample: jsonb('output_sample').notNull(),
    error: jsonb('error'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
    durationMs: real('duration_ms'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stageId, t.attempt] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [pipelineRuns.tenantId, pipelineRuns.id], name: 'pipeline_steps_run_fk' }).onDelete('cascade'),
  ],
);

/** A stage's whole output kept for replay, within the recorder's bounds. */
export const pipelineKeptOutputs = pgTable(
  'pipeline_kept_outputs',
  {
    tenantId: text('tenant_id').notNull(),
    runId: text('run_id').notNull(),
    stageId: text('stage_id').notNull(),
    rows: jsonb('rows').notNull(),
    ports: jsonb('ports').notNull(),
    rowCount: integer('row_count').notNull(),
    bytes: integer('bytes').notNull(),
    keptAt: timestamp('kept_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.stageId] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [pipelineRuns.tenantId, pipelineRuns.id], name: 'pipeline_kept_outputs_run_fk' }).onDelete('cascade'),
  ],
);

/**
 * A backfill's slice of a past range and the run that last computed it; the slice counts as
 * done when that run succeeded, so a backfill again over the range runs only the others.
 */
export const backfillSlices = pgTable(
  'backfill_slices',
  {
    tenantId: text('tenant_id').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    version: integer('version').notNull(),
    sliceFrom: timestamp('slice_from', { withTimezone: true, precision: 3 }).notNull(),
    sliceTo: timestamp('slice_to', { withTimezone: true, precision: 3 }).notNull(),
    runId: text('run_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.pipelineId, t.version, t.sliceFrom, t.sliceTo] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [pipelineRuns.tenantId, pipelineRuns.id], name: 'backfill_slices_run_fk' }).onDelete('cascade'),
  ],
);

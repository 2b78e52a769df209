import { bigint, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

/** Data-quality issues found by the streaming checks; open while `endedAt` is null. */
export const qualityIssues = pgTable(
  'quality_issues',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    measurement: text('measurement').notNull(),
    /** Canonical tag set, `k=v,k=v`, sorted by key. */
    series: text('series').notNull(),
    field: text('field').notNull(),
    check: text('check').notNull(),
    severity: text('severity').notNull(),
    message: text('message').notNull(),
    details: jsonb('details'),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('quality_issues_tenant_open_idx').on(t.tenantId, t.endedAt), index('quality_issues_series_idx').on(t.tenantId, t.measurement, t.field)],
);

/**
 * Samples of a window and how many each check flagged (a sample may count under several).
 * Columns rather than a jsonb map: a late sample adds to a written row with plain arithmetic.
 */
const sampleCounts = () => ({
  points: bigint('points', { mode: 'number' }).notNull(),
  clean: bigint('clean', { mode: 'number' }).notNull(),
  range: integer('flagged_range').notNull().default(0),
  null: integer('flagged_null').notNull().default(0),
  missing: integer('flagged_missing').notNull().default(0),
  freshness: integer('flagged_freshness').notNull().default(0),
  flatline: integer('flagged_flatline').notNull().default(0),
  spike: integer('flagged_spike').notNull().default(0),
  rate: integer('flagged_rate').notNull().default(0),
  drift: integer('flagged_drift').notNull().default(0),
  /** clean / points (1 is clean). */
  score: real('score').notNull(),
});

/** Quality per (measurement, field) and window, over every series of the measurement. */
export const qualityWindowScores = pgTable(
  'quality_window_scores',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    measurement: text('measurement').notNull(),
    field: text('field').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    /** Series that carried the field in the window. */
    seriesCount: integer('series_count').notNull(),
    ...sampleCounts(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.measurement, t.field, t.windowStart, t.windowSeconds] }), index('quality_window_scores_start_idx').on(t.tenantId, t.windowStart)],
);

/** One series' window, written only when a check flagged at least one of its samples. */
export const qualitySeriesWindows = pgTable(
  'quality_series_windows',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    measurement: text('measurement').notNull(),
    /** Canonical tag set, `k=v,k=v`, sorted by key. */
    series: text('series').notNull(),
    field: text('field').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    ...sampleCounts(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.measurement, t.series, t.field, t.windowStart, t.windowSeconds] }),
    index('quality_series_windows_start_idx').on(t.tenantId, t.windowStart),
  ],
);

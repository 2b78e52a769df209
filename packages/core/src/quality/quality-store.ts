import { toStorableJson, toStorableText } from '@facilflow/contracts';
import { isNull, schema, sql, type Tx } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';
import { CHECK_BITS } from './quality-thresholds.ts';
import type { SampleCounts } from './score-windows.ts';

const issues = schema.qualityIssues;
const windowScores = schema.qualityWindowScores;
const seriesWindows = schema.qualitySeriesWindows;

export type OpenIssueRow = typeof issues.$inferSelect;

export async function loadOpenIssues(db: Database, tenantId: string): Promise<OpenIssueRow[]> {
  return db.withTenant(tenantId, (tx) => tx.select().from(issues).where(isNull(issues.endedAt)));
}

export interface IssueWrite {
  id: string;
  insert: boolean;
  measurement: string;
  series: string;
  field: string;
  check: string;
  severity: string;
  message: string;
  details: Record<string, unknown>;
  startedAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
}

export interface WindowWrite extends SampleCounts {
  measurement: string;
  field: string;
  windowStart: number;
  seriesCount: number;
}

export interface SeriesWindowWrite extends SampleCounts {
  measurement: string;
  series: string;
  field: string;
  windowStart: number;
}

export interface QualityWrites {
  issues: readonly IssueWrite[];
  windows: readonly WindowWrite[];
  seriesWindows: readonly SeriesWindowWrite[];
}

const CHUNK = 500;

/** One transaction per tenant and flush: new issues, issue updates, then window rows (added to any row already there). */
export async function writeQuality(db: Database, tenantId: string, writes: QualityWrites, windowSeconds: number): Promise<void> {
  if (writes.issues.length === 0 && writes.windows.length === 0 && writes.seriesWindows.length === 0) return;
  await db.withTenant(tenantId, async (tx) => {
    const inserts = writes.issues.filter((w) => w.insert);
    for (let i = 0; i < inserts.length; i += CHUNK) await insertIssues(tx, tenantId, inserts.slice(i, i + CHUNK));
    const updates = writes.issues.filter((w) => !w.insert);
    for (let i = 0; i < updates.length; i += CHUNK) await updateIssues(tx, updates.slice(i, i + CHUNK));
    for (let i = 0; i < writes.windows.length; i += CHUNK) await upsertWindows(tx, tenantId, writes.windows.slice(i, i + CHUNK), windowSeconds);
    for (let i = 0; i < writes.seriesWindows.length; i += CHUNK) await upsertSeriesWindows(tx, tenantId, writes.seriesWindows.slice(i, i + CHUNK), windowSeconds);
  });
}

/** A plant that goes silent opens an issue per field at once: one statement per chunk, the rows as one jsonb parameter. */
async function insertIssues(tx: Tx, tenantId: string, rows: readonly IssueWrite[]): Promise<void> {
  const values = rows.map((w) => ({
    id: w.id,
    measurement: w.measurement,
    series: toStorableText(w.series),
    field: w.field,
    check: w.check,
    severity: w.severity,
    message: toStorableText(w.message),
    details: storableDetails(w.details),
    started_at: w.startedAt.toISOString(),
    last_seen_at: w.lastSeenAt.toISOString(),
    ended_at: w.endedAt?.toISOString() ?? null,
  }));
  await tx.execute(sql`
    INSERT INTO quality_issues (id, tenant_id, measurement, series, field, "check", severity, message, details, started_at, last_seen_at, ended_at)
    SELECT new_issue.id, ${tenantId}, new_issue.measurement, new_issue.series, new_issue.field, new_issue."check", new_issue.severity, new_issue.message, new_issue.details, new_issue.started_at, new_issue.last_seen_at, new_issue.ended_at
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
      AS new_issue(id text, measurement text, series text, field text, "check" text, severity text, message text, details jsonb,
             started_at timestamptz, last_seen_at timestamptz, ended_at timestamptz)`);
}

/**
 * Every open issue of a stalled agent changes on each flush (tens of thousands when a plant
 * goes silent): one statement per chunk, its rows as one jsonb parameter, not one UPDATE each.
 */
async function updateIssues(tx: Tx, rows: readonly IssueWrite[]): Promise<void> {
  const changes = rows.map((w) => ({
    id: w.id,
    message: toStorableText(w.message),
    details: storableDetails(w.details),
    last_seen_at: w.lastSeenAt.toISOString(),
    ended_at: w.endedAt?.toISOString() ?? null,
  }));
  await tx.execute(sql`
    UPDATE quality_issues AS issue
    SET message = change.message, details = change.details, last_seen_at = change.last_seen_at, ended_at = change.ended_at
    FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
      AS change(id text, message text, details jsonb, last_seen_at timestamptz, ended_at timestamptz)
    WHERE issue.id = change.id AND issue.ended_at IS NULL`);
}

/** Evidence quotes sampled values: a string with a NUL would make jsonb refuse the whole flush, retried for ever. */
function storableDetails(details: Record<string, unknown>): Record<string, unknown> {
  return toStorableJson(details) as Record<string, unknown>;
}

/** The count columns of a row, by check (`flagged_<check>`). */
function countColumns(counts: SampleCounts) {
  const [range, nullValue, missing, freshness, flatline, spike, rate, drift] = CHECK_BITS.map((_, slot) => counts.flagged[slot]!);
  return {
    points: counts.points,
    clean: counts.clean,
    range: range!,
    null: nullValue!,
    missing: missing!,
    freshness: freshness!,
    flatline: flatline!,
    spike: spike!,
    rate: rate!,
    drift: drift!,
    score: counts.points > 0 ? counts.clean / counts.points : 1,
  };
}

type WindowTable = 'quality_window_scores' | 'quality_series_windows';

/** A late sample or a window finished in two flushes adds to the row already written. */
function additiveSet(table: WindowTable) {
  const add = (column: string) => sql.raw(`"${table}".${column} + excluded.${column}`);
  return {
    points: add('points'),
    clean: add('clean'),
    ...Object.fromEntries(CHECK_BITS.map((check) => [check, add(`flagged_${check}`)])),
    score: sql.raw(`("${table}".clean + excluded.clean)::float8 / greatest("${table}".points + excluded.points, 1)`),
  };
}

async function upsertWindows(tx: Tx, tenantId: string, rows: readonly WindowWrite[], windowSeconds: number): Promise<void> {
  await tx
    .insert(windowScores)
    .values(
      rows.map((r) => ({
        tenantId,
        measurement: r.measurement,
        field: r.field,
        windowStart: new Date(r.windowStart),
        windowSeconds,
        seriesCount: r.seriesCount,
        ...countColumns(r),
      })),
    )
    .onConflictDoUpdate({
      target: [windowScores.tenantId, windowScores.measurement, windowScores.field, windowScores.windowStart, windowScores.windowSeconds],
      set: { ...additiveSet('quality_window_scores'), seriesCount: sql.raw('"quality_window_scores".series_count + excluded.series_count') },
    });
}

async function upsertSeriesWindows(tx: Tx, tenantId: string, rows: readonly SeriesWindowWrite[], windowSeconds: number): Promise<void> {
  await tx
    .insert(seriesWindows)
    .values(
      rows.map((r) => ({
        tenantId,
        measurement: r.measurement,
        series: toStorableText(r.series),
        field: r.field,
        windowStart: new Date(r.windowStart),
        windowSeconds,
        ...countColumns(r),
      })),
    )
    .onConflictDoUpdate({
      target: [seriesWindows.tenantId, seriesWindows.measurement, seriesWindows.series, seriesWindows.field, seriesWindows.windowStart, seriesWindows.windowSeconds],
      set: additiveSet('quality_series_windows'),
    });
}

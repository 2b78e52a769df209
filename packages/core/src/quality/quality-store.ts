import { toStorableJson, toStorableText } from '@facilflow/contracts';
import { and, desc, eq, inArray, isNull, schema, sql, type Tx } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';

const issues = schema.qualityIssues;
const scores = schema.qualityScores;

export interface FieldRange {
  min: number;
  max: number;
}

/**
 * Field ranges from the schema registry (`measurement_schemas`, latest version of each
 * measurement): `fields: [{ name, min?, max? }]`. Read directly, so the monitor does not wait
 * for the registry's own functions; a malformed entry is skipped, never fatal.
 */
export async function loadFieldRanges(db: Database, tenantId: string, measurements: readonly string[]): Promise<Map<string, Map<string, FieldRange>>> {
  const out = new Map<string, Map<string, FieldRange>>();
  if (measurements.length === 0) return out;
  const rows = await db.withTenant(tenantId, (tx) =>
    tx
      .select({ measurement: schema.measurementSchemas.measurement, fields: schema.measurementSchemas.fields })
      .from(schema.measurementSchemas)
      .where(inArray(schema.measurementSchemas.measurement, [...measurements]))
      .orderBy(schema.measurementSchemas.measurement, desc(schema.measurementSchemas.version)),
  );
  for (const row of rows) {
    if (out.has(row.measurement)) continue;
    const ranges = new Map<string, FieldRange>();
    for (const f of Array.isArray(row.fields) ? (row.fields as unknown[]) : []) {
      if (!f || typeof f !== 'object') continue;
      const { name, min, max } = f as { name?: unknown; min?: unknown; max?: unknown };
      if (typeof name !== 'string') continue;
      const lo = typeof min === 'number' ? min : Number.NEGATIVE_INFINITY;
      const hi = typeof max === 'number' ? max : Number.POSITIVE_INFINITY;
      if (lo !== Number.NEGATIVE_INFINITY || hi !== Number.POSITIVE_INFINITY) ranges.set(name, { min: lo, max: hi });
    }
    out.set(row.measurement, ranges);
  }
  for (const m of measurements) if (!out.has(m)) out.set(m, new Map());
  return out;
}

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

export interface ScoreWrite {
  measurement: string;
  series: string;
  field: string;
  windowStart: Date;
  windowSeconds: number;
  points: number;
  counts: Record<string, number>;
}

const CHUNK = 500;

/** One transaction per tenant and flush: new issues, issue updates, then window scores (added to any row already there). */
export async function writeQuality(db: Database, tenantId: string, issueWrites: readonly IssueWrite[], scoreWrites: readonly ScoreWrite[]): Promise<void> {
  if (issueWrites.length === 0 && scoreWrites.length === 0) return;
  await db.withTenant(tenantId, async (tx) => {
    const inserts = issueWrites.filter((w) => w.insert);
    for (let i = 0; i < inserts.length; i += CHUNK) {
      await tx.insert(issues).values(
        inserts.slice(i, i + CHUNK).map((w) => ({
          id: w.id,
          tenantId,
          measurement: w.measurement,
          series: toStorableText(w.series),
          field: w.field,
          check: w.check,
          severity: w.severity,
          message: toStorableText(w.message),
          details: storableDetails(w.details),
          startedAt: w.startedAt,
          lastSeenAt: w.lastSeenAt,
          endedAt: w.endedAt,
        })),
      );
    }
    for (const w of issueWrites) {
      if (w.insert) continue;
      await tx
        .update(issues)
        .set({ message: toStorableText(w.message), details: storableDetails(w.details), lastSeenAt: w.lastSeenAt, endedAt: w.endedAt })
        .where(and(eq(issues.id, w.id), isNull(issues.endedAt)));
    }
    for (let i = 0; i < scoreWrites.length; i += CHUNK) await upsertScores(tx, tenantId, scoreWrites.slice(i, i + CHUNK));
  });
}

/** Evidence quotes sampled values: a string with a NUL would make jsonb refuse the whole flush, retried for ever. */
function storableDetails(details: Record<string, unknown>): Record<string, unknown> {
  return toStorableJson(details) as Record<string, unknown>;
}

/** Additive: a late sample for a window already written adds to its row instead of replacing it. */
async function upsertScores(tx: Tx, tenantId: string, rows: readonly ScoreWrite[]): Promise<void> {
  await tx
    .insert(scores)
    .values(
      rows.map((r) => ({
        tenantId,
        measurement: r.measurement,
        series: toStorableText(r.series),
        field: r.field,
        windowStart: r.windowStart,
        windowSeconds: r.windowSeconds,
        points: r.points,
        counts: r.counts,
        score: r.points > 0 ? (r.counts.clean ?? 0) / r.points : 1,
      })),
    )
    .onConflictDoUpdate({
      target: [scores.tenantId, scores.measurement, scores.series, scores.field, scores.windowStart, scores.windowSeconds],
      set: {
        points: sql`quality_scores.points + excluded.points`,
        score: sql`(coalesce((quality_scores.counts->>'clean')::float8, 0) + coalesce((excluded.counts->>'clean')::float8, 0)) / greatest(quality_scores.points + excluded.points, 1)`,
        counts: sql`(select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (select k, sum(v::bigint) as v from (select key as k, value as v from jsonb_each_text(quality_scores.counts) union all select key, value from jsonb_each_text(excluded.counts)) u group by k) s)`,
      },
    });
}

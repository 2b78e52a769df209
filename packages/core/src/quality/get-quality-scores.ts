import {
  FacilFlowError,
  QUALITY_CHECKS,
  type QualityFieldScore,
  type QualityMeasurementScore,
  type QualityWindowScore,
} from '@facilflow/contracts';
import { and, asc, desc, eq, gte, lt, schema, sql, type SQL } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export interface QualityScoresInput {
  measurement?: string | undefined;
  series?: string | undefined;
  field?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  includeWindows: boolean;
  limit: number;
}

export interface QualityScores {
  from: string;
  to: string;
  measurements: QualityMeasurementScore[];
  fields: QualityFieldScore[];
  windows: QualityWindowScore[];
  truncated: boolean;
}

const qs = schema.qualityScores;
const DEFAULT_RANGE_MS = 3600_000;

/**
 * Scores over [from, to) by window start. Aggregates weigh windows by their samples:
 * score = Σ clean samples / Σ samples, per (series, field) and per measurement.
 */
export async function getQualityScores(services: Services, scope: TenantScope, input: QualityScoresInput): Promise<QualityScores> {
  const to = input.to ? new Date(input.to) : services.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) throw new FacilFlowError('INVALID', '`from` must be before `to`');
  const filters: SQL[] = [gte(qs.windowStart, from), lt(qs.windowStart, to)];
  if (input.measurement) filters.push(eq(qs.measurement, input.measurement));
  if (input.series !== undefined) filters.push(eq(qs.series, input.series));
  if (input.field) filters.push(eq(qs.field, input.field));
  const where = and(...filters);

  const points = sql<number>`coalesce(sum(${qs.points}), 0)::float8`;
  const clean = sql<number>`coalesce(sum((${qs.counts}->>'clean')::float8), 0)`;
  const score = sql<number>`(coalesce(sum((${qs.counts}->>'clean')::float8), 0) / greatest(coalesce(sum(${qs.points}), 0)::float8, 1))`;
  const checkSums = Object.fromEntries(QUALITY_CHECKS.map((c) => [c, sql<number>`coalesce(sum((${qs.counts}->>${c})::float8), 0)`]));

  return services.db.withTenant(scope.tenantId, async (tx) => {
    const fieldRows = await tx
      .select({ measurement: qs.measurement, series: qs.series, field: qs.field, points, clean, windows: sql<number>`count(*)::int`, ...checkSums })
      .from(qs)
      .where(where)
      .groupBy(qs.measurement, qs.series, qs.field)
      .orderBy(score, qs.measurement, qs.series, qs.field)
      .limit(input.limit + 1);

    const measurementRows = await tx
      .select({ measurement: qs.measurement, points, clean, fields: sql<number>`count(distinct (${qs.series}, ${qs.field}))::int` })
      .from(qs)
      .where(where)
      .groupBy(qs.measurement)
      .orderBy(qs.measurement)
      .limit(1000);

    const perField = tx
      .select({ measurement: qs.measurement, series: qs.series, field: qs.field, score: score.as('score') })
      .from(qs)
      .where(where)
      .groupBy(qs.measurement, qs.series, qs.field)
      .as('per_field');
    const worstRows = await tx
      .selectDistinctOn([perField.measurement], { measurement: perField.measurement, series: perField.series, field: perField.field, score: perField.score })
      .from(perField)
      .orderBy(perField.measurement, asc(perField.score), perField.series, perField.field);
    const worst = new Map(worstRows.map((w) => [w.measurement, { series: w.series, field: w.field, score: clamp(Number(w.score)) }]));

    const windowRows = input.includeWindows
      ? await tx
          .select()
          .from(qs)
          .where(where)
          .orderBy(desc(qs.windowStart), qs.measurement, qs.series, qs.field)
          .limit(input.limit)
      : [];

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      measurements: measurementRows.map((r) => ({
        measurement: r.measurement,
        score: ratio(r.clean, r.points),
        points: Number(r.points),
        fields: Number(r.fields),
        worst: worst.get(r.measurement) ?? null,
      })),
      fields: fieldRows.slice(0, input.limit).map((r) => {
        const row = r as typeof r & Record<string, number>;
        const counts: Record<string, number> = { clean: Number(r.clean) };
        for (const c of QUALITY_CHECKS) if (Number(row[c]) > 0) counts[c] = Number(row[c]);
        return {
          measurement: r.measurement,
          series: r.series,
          field: r.field,
          score: ratio(r.clean, r.points),
          points: Number(r.points),
          windows: Number(r.windows),
          counts,
        };
      }),
      windows: windowRows.map((r) => ({
        measurement: r.measurement,
        series: r.series,
        field: r.field,
        windowStart: r.windowStart.toISOString(),
        windowSeconds: r.windowSeconds,
        score: clamp(r.score),
        points: r.points,
        counts: toCounts(r.counts),
      })),
      truncated: fieldRows.length > input.limit,
    };
  });
}

function ratio(clean: number, points: number): number {
  return Number(points) > 0 ? clamp(Number(clean) / Number(points)) : 1;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function toCounts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'number' || typeof v === 'string') out[k] = Number(v);
  return out;
}

import {
  FacilFlowError,
  QUALITY_CHECKS,
  type QualityCounts,
  type QualityFieldScore,
  type QualityMeasurementScore,
  type QualitySeriesWindow,
  type QualityWindowScore,
} from '@facilflow/contracts';
import { and, desc, eq, gte, lt, schema, sql, type SQL } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export interface QualityScoresInput {
  measurement?: string | undefined;
  series?: string | undefined;
  field?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  includeWindows: boolean;
  includeSeries?: boolean | undefined;
  limit: number;
}

export interface QualityScores {
  from: string;
  to: string;
  measurements: QualityMeasurementScore[];
  fields: QualityFieldScore[];
  windows: QualityWindowScore[];
  seriesWindows: QualitySeriesWindow[];
  truncated: boolean;
}

const windowScores = schema.qualityWindowScores;
const seriesWindows = schema.qualitySeriesWindows;
const DEFAULT_RANGE_MS = 3600_000;

type CountColumns = typeof windowScores | typeof seriesWindows;

/** Σ of every count column, as floats (bigint sums come back as strings otherwise). */
function countSums(table: CountColumns) {
  return {
    points: sql<number>`coalesce(sum(${table.points}), 0)::float8`,
    clean: sql<number>`coalesce(sum(${table.clean}), 0)::float8`,
    ...(Object.fromEntries(QUALITY_CHECKS.map((check) => [check, sql<number>`coalesce(sum(${table[check]}), 0)::float8`])) as Record<(typeof QUALITY_CHECKS)[number], SQL<number>>),
  };
}

/** Σ clean / Σ points. */
function scoreOf(table: CountColumns) {
  return sql<number>`(coalesce(sum(${table.clean}), 0)::float8 / greatest(coalesce(sum(${table.points}), 0)::float8, 1))`;
}

/**
 * Scores over [from, to) by window start, from the per-(measurement, field) windows; aggregates
 * weigh windows by their samples. The series detail comes from the windows in which a check
 * flagged a sample of that series: `worst` is the series with the most flagged samples.
 */
export async function getQualityScores(services: Services, scope: TenantScope, input: QualityScoresInput): Promise<QualityScores> {
  const to = input.to ? new Date(input.to) : services.now();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() >= to.getTime()) throw new FacilFlowError('INVALID', '`from` must be before `to`');
  const filtersOf = (table: CountColumns): SQL | undefined => {
    const filters: SQL[] = [gte(table.windowStart, from), lt(table.windowStart, to)];
    if (input.measurement) filters.push(eq(table.measurement, input.measurement));
    if (input.field) filters.push(eq(table.field, input.field));
    return and(...filters);
  };
  const aggregated = filtersOf(windowScores);
  const detailed = filtersOf(seriesWindows);
  const flaggedOf = (table: CountColumns) => sql<number>`(coalesce(sum(${table.points}), 0) - coalesce(sum(${table.clean}), 0))::float8`;

  return services.db.withTenant(scope.tenantId, async (tx) => {
    const fieldRows = await tx
      .select({
        measurement: windowScores.measurement,
        field: windowScores.field,
        windows: sql<number>`count(*)::int`,
        seriesCount: sql<number>`max(${windowScores.seriesCount})::int`,
        ...countSums(windowScores),
      })
      .from(windowScores)
      .where(aggregated)
      .groupBy(windowScores.measurement, windowScores.field)
      .orderBy(scoreOf(windowScores), windowScores.measurement, windowScores.field)
      .limit(input.limit + 1);

    const perField = tx
      .select({
        measurement: windowScores.measurement,
        field: windowScores.field,
        seriesCount: sql<number>`max(${windowScores.seriesCount})`.as('series_count'),
        points: sql<number>`coalesce(sum(${windowScores.points}), 0)`.as('points'),
        clean: sql<number>`coalesce(sum(${windowScores.clean}), 0)`.as('clean'),
      })
      .from(windowScores)
      .where(aggregated)
      .groupBy(windowScores.measurement, windowScores.field)
      .as('per_field');
    const measurementRows = await tx
      .select({
        measurement: perField.measurement,
        points: sql<number>`sum(${perField.points})::float8`,
        clean: sql<number>`sum(${perField.clean})::float8`,
        fields: sql<number>`sum(${perField.seriesCount})::int`,
      })
      .from(perField)
      .groupBy(perField.measurement)
      .orderBy(perField.measurement)
      .limit(1000);

    const perSeries = tx
      .select({
        measurement: seriesWindows.measurement,
        series: seriesWindows.series,
        field: seriesWindows.field,
        flagged: flaggedOf(seriesWindows).as('flagged'),
        score: scoreOf(seriesWindows).as('score'),
      })
      .from(seriesWindows)
      .where(detailed)
      .groupBy(seriesWindows.measurement, seriesWindows.series, seriesWindows.field)
      .as('per_series');
    const worstOfFields = await tx
      .selectDistinctOn([perSeries.measurement, perSeries.field], { measurement: perSeries.measurement, field: perSeries.field, series: perSeries.series, flagged: perSeries.flagged, score: perSeries.score })
      .from(perSeries)
      .orderBy(perSeries.measurement, perSeries.field, desc(perSeries.flagged), perSeries.series);
    const worstOfField = new Map(worstOfFields.map((w) => [`${w.measurement}\u0000${w.field}`, { series: w.series, score: clamp(Number(w.score)), flagged: Number(w.flagged) }]));
    const worstOfMeasurement = new Map<string, { series: string; field: string; score: number; flagged: number }>();
    for (const w of worstOfFields) {
      const known = worstOfMeasurement.get(w.measurement);
      if (!known || Number(w.flagged) > known.flagged) worstOfMeasurement.set(w.measurement, { series: w.series, field: w.field, score: clamp(Number(w.score)), flagged: Number(w.flagged) });
    }

    const windowRows = input.includeWindows
      ? await tx.select().from(windowScores).where(aggregated).orderBy(desc(windowScores.windowStart), windowScores.measurement, windowScores.field).limit(input.limit)
      : [];
    const seriesWindowRows =
      input.includeSeries || input.series !== undefined
        ? await tx
            .select()
            .from(seriesWindows)
            .where(input.series === undefined ? detailed : and(detailed, eq(seriesWindows.series, input.series)))
            .orderBy(desc(seriesWindows.windowStart), seriesWindows.measurement, seriesWindows.series, seriesWindows.field)
            .limit(input.limit)
        : [];

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      measurements: measurementRows.map((r) => {
        const worst = worstOfMeasurement.get(r.measurement);
        return {
          measurement: r.measurement,
          score: ratio(r.clean, r.points),
          points: Number(r.points),
          fields: Number(r.fields),
          worst: worst ? { series: worst.series, field: worst.field, score: worst.score } : null,
        };
      }),
      fields: fieldRows.slice(0, input.limit).map((r) => ({
        measurement: r.measurement,
        field: r.field,
        score: ratio(r.clean, r.points),
        points: Number(r.points),
        windows: Number(r.windows),
        seriesCount: Number(r.seriesCount),
        counts: countsOf(r),
        worst: worstOfField.get(`${r.measurement}\u0000${r.field}`) ?? null,
      })),
      windows: windowRows.map((r) => ({
        measurement: r.measurement,
        field: r.field,
        windowStart: r.windowStart.toISOString(),
        windowSeconds: r.windowSeconds,
        seriesCount: r.seriesCount,
        score: clamp(r.score),
        points: r.points,
        counts: countsOf(r),
      })),
      seriesWindows: seriesWindowRows.map((r) => ({
        measurement: r.measurement,
        series: r.series,
        field: r.field,
        windowStart: r.windowStart.toISOString(),
        windowSeconds: r.windowSeconds,
        score: clamp(r.score),
        points: r.points,
        counts: countsOf(r),
      })),
      truncated: fieldRows.length > input.limit,
    };
  });
}

/** `clean` and every check that flagged a sample (checks at 0 left out). */
function countsOf(row: { clean: number } & Record<(typeof QUALITY_CHECKS)[number], number>): QualityCounts {
  const counts: QualityCounts = { clean: Number(row.clean) };
  for (const check of QUALITY_CHECKS) if (Number(row[check]) > 0) counts[check] = Number(row[check]);
  return counts;
}

function ratio(clean: number, points: number): number {
  return Number(points) > 0 ? clamp(Number(clean) / Number(points)) : 1;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}

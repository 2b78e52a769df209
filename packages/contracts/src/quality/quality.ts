import { z } from 'zod';

/**
 * The streaming data-quality checks, per (series, field):
 * - `range`: a number outside the schema registry's min/max for the field;
 * - `null`: a non-finite number, or a non-number where the field carries numbers;
 * - `missing`: a field absent from a point of a series whose points usually carry it;
 * - `freshness`: the field stopped arriving for several times its usual interval;
 * - `flatline`: a value that normally varies repeats unchanged for too long;
 * - `spike`: an outlier against the rolling median (robust z-score on median/MAD);
 * - `rate`: a jump between consecutive samples far beyond the field's usual rate of change;
 * - `drift`: a steady field trends away from its baseline (significant rolling linear trend).
 */
export const QUALITY_CHECKS = ['range', 'null', 'missing', 'freshness', 'flatline', 'spike', 'rate', 'drift'] as const;
export const qualityCheckSchema = z.enum(QUALITY_CHECKS);
export type QualityCheck = z.infer<typeof qualityCheckSchema>;

export const qualitySeveritySchema = z.enum(['info', 'warning', 'critical']);
export type QualitySeverity = z.infer<typeof qualitySeveritySchema>;

/** Canonical tag set of a series: `k=v,k=v` sorted by key (empty for a measurement without tags). */
export const seriesKeySchema = z.string().max(4096).describe('Canonical tag set, "k=v,k=v" sorted by key, e.g. "line=Line1,machine=Oven2"');

export const qualityIssueSchema = z.object({
  id: z.string(),
  measurement: z.string(),
  series: z.string(),
  field: z.string(),
  check: qualityCheckSchema,
  severity: qualitySeveritySchema,
  status: z.enum(['open', 'closed']),
  message: z.string(),
  /** What the check measured (value, z-score, slope, expected interval...), as of lastSeenAt. */
  details: z.record(z.string(), z.unknown()).nullable(),
  startedAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  /** When the condition cleared; null while open. */
  endedAt: z.iso.datetime().nullable(),
});
export type QualityIssue = z.infer<typeof qualityIssueSchema>;

/** Samples in a window: `clean` had no issue; each check counts the samples it flagged (a sample may count under several). */
export const qualityCountsSchema = z.record(z.string(), z.number().int().nonnegative());
export type QualityCounts = z.infer<typeof qualityCountsSchema>;

/**
 * Scores are kept per (measurement, field) and window over every series of the measurement;
 * a single series' window is kept only when a check flagged one of its samples. Score = clean
 * samples / samples (0..1, 1 is clean), weighted by samples when aggregated.
 */
const worstSeriesSchema = z
  .object({
    series: z.string(),
    /** Over the series' windows with findings only (its clean windows are not kept one by one). */
    score: z.number().min(0).max(1),
    /** Samples of the series some check flagged. */
    flagged: z.number().int().nonnegative(),
  })
  .describe('The series with the most flagged samples');

export const qualityFieldScoreSchema = z.object({
  measurement: z.string(),
  field: z.string(),
  score: z.number().min(0).max(1),
  points: z.number().int().nonnegative(),
  windows: z.number().int().nonnegative(),
  /** The most series that carried the field in one window. */
  seriesCount: z.number().int().nonnegative(),
  counts: qualityCountsSchema,
  /** Null when no sample of the field was flagged. */
  worst: worstSeriesSchema.nullable(),
});
export type QualityFieldScore = z.infer<typeof qualityFieldScoreSchema>;

export const qualityMeasurementScoreSchema = z.object({
  measurement: z.string(),
  score: z.number().min(0).max(1),
  points: z.number().int().nonnegative(),
  /** (series, field) pairs scored: per field, the most series seen in one window. */
  fields: z.number().int().nonnegative(),
  /** The (series, field) of the measurement with the most flagged samples; null when none was flagged. */
  worst: z.object({ series: z.string(), field: z.string(), score: z.number().min(0).max(1) }).nullable(),
});
export type QualityMeasurementScore = z.infer<typeof qualityMeasurementScoreSchema>;

/** One window of a (measurement, field), over every series that carried it. */
export const qualityWindowScoreSchema = z.object({
  measurement: z.string(),
  field: z.string(),
  windowStart: z.iso.datetime(),
  windowSeconds: z.number().int().positive(),
  seriesCount: z.number().int().nonnegative(),
  score: z.number().min(0).max(1),
  points: z.number().int().nonnegative(),
  counts: qualityCountsSchema,
});
export type QualityWindowScore = z.infer<typeof qualityWindowScoreSchema>;

/** One series' window in which a check flagged at least one sample. */
export const qualitySeriesWindowSchema = z.object({
  measurement: z.string(),
  series: z.string(),
  field: z.string(),
  windowStart: z.iso.datetime(),
  windowSeconds: z.number().int().positive(),
  score: z.number().min(0).max(1),
  points: z.number().int().nonnegative(),
  counts: qualityCountsSchema,
});
export type QualitySeriesWindow = z.infer<typeof qualitySeriesWindowSchema>;

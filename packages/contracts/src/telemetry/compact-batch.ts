import { z } from 'zod';
import { fieldValueSchema, identifierSchema, MAX_POINTS_PER_BATCH, type FieldValue, type TelemetryPoint } from './point.ts';

/**
 * Telemetry batch v2, the compact one: a v1 batch repeats the measurement, the tag set and the
 * field names in every point, which is most of its bytes when a plant samples many series every
 * second. v2 says each series (measurement + tag set) once and gives its points as columns: one
 * `times` array and, per field, a `fields[name]` array aligned with it, `null` where that point
 * has no value for the field. Point i of a series is `{ m, tags, f: { name: fields[name][i] for
 * every non-null one }, t: times[i] }`.
 *
 * Flattened order, which positions (dead letters, replays) count in: the points of `series[0]`
 * in `times` order, then those of `series[1]`, and so on; position p is the p-th point of that
 * order, from 0. `MAX_POINTS_PER_BATCH` bounds the points, i.e. all `times` cells together.
 *
 * Published on the same telemetry topic as v1 (ingest reads `v`) as JSON, or as MessagePack on
 * `telemetry/msgpack` with the same structure (string keys, no extension types).
 */
export const compactSeriesSchema = z
  .object({
    m: identifierSchema,
    tags: z.record(identifierSchema, z.string().max(256)).default({}),
    /** Source timestamps of the series' points, epoch milliseconds. */
    times: z.array(z.number().nonnegative()).min(1),
    /** Per field, one value or null per entry of `times`. */
    fields: z.record(identifierSchema, z.array(fieldValueSchema.nullable())).refine((fields) => Object.keys(fields).length > 0, 'a series needs at least one field'),
  })
  .superRefine((series, context) => {
    for (const [name, values] of Object.entries(series.fields)) {
      if (values.length !== series.times.length) context.addIssue({ code: 'custom', path: ['fields', name], message: `${values.length} values for ${series.times.length} times` });
    }
    series.times.forEach((_time, index) => {
      if (!Object.values(series.fields).some((values) => values[index] !== null && values[index] !== undefined)) {
        context.addIssue({ code: 'custom', path: ['times', index], message: 'a point needs at least one field' });
      }
    });
  });
export type CompactSeries = z.infer<typeof compactSeriesSchema>;

export const compactTelemetryBatchSchema = z
  .object({
    v: z.literal(2),
    agentId: z.string().min(1).max(64),
    /** Per-agent, strictly increasing, shared with v1: ingest drops a redelivered batch by (agent, seq). */
    seq: z.number().int().nonnegative(),
    /** When the agent sent it, epoch ms. */
    sentAt: z.number().int().nonnegative(),
    series: z.array(compactSeriesSchema).min(1).max(MAX_POINTS_PER_BATCH),
  })
  .refine((batch) => compactPointCount(batch.series) <= MAX_POINTS_PER_BATCH, `a batch holds at most ${MAX_POINTS_PER_BATCH} points`);
export type CompactTelemetryBatch = z.infer<typeof compactTelemetryBatchSchema>;

export function compactPointCount(series: readonly Pick<CompactSeries, 'times'>[]): number {
  let count = 0;
  for (const one of series) count += one.times.length;
  return count;
}

/**
 * The series of `points`, in the order each series first appears; within a series the points
 * keep their order, so the flattened order is `points` grouped by series. Two points are of the
 * same series when measurement and tag set are equal, whatever the order of the tag keys.
 */
export function toCompactSeries(points: readonly TelemetryPoint[]): CompactSeries[] {
  const bySeries = new Map<string, { series: CompactSeries; fields: Map<string, Array<FieldValue | null>> }>();
  for (const point of points) {
    const key = seriesKey(point.m, point.tags);
    let entry = bySeries.get(key);
    if (!entry) {
      entry = { series: { m: point.m, tags: point.tags, times: [], fields: {} }, fields: new Map() };
      bySeries.set(key, entry);
    }
    const row = entry.series.times.length;
    entry.series.times.push(point.t);
    for (const column of entry.fields.values()) column.push(null);
    for (const [name, value] of Object.entries(point.f)) {
      let column = entry.fields.get(name);
      if (!column) {
        column = new Array<FieldValue | null>(row + 1).fill(null);
        entry.fields.set(name, column);
      }
      column[row] = value;
    }
  }
  return [...bySeries.values()].map(({ series, fields }) => ({ ...series, fields: Object.fromEntries(fields) }));
}

/** The points of valid series (see compactSeriesSchema), in flattened order. */
export function compactSeriesPoints(series: readonly CompactSeries[]): TelemetryPoint[] {
  const points: TelemetryPoint[] = [];
  for (const one of series) {
    const columns = Object.entries(one.fields);
    one.times.forEach((time, index) => {
      const fields: Record<string, FieldValue> = {};
      for (const [name, values] of columns) {
        const value = values[index];
        if (value !== null && value !== undefined) fields[name] = value;
      }
      points.push({ m: one.m, tags: one.tags, f: fields, t: time });
    });
  }
  return points;
}

/** Measurement and tag set as one string, the same for any order of the tag keys. */
export function seriesKey(measurement: string, tags: Readonly<Record<string, string>>): string {
  return JSON.stringify([measurement, Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

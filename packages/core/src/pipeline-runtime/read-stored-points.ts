import type { TelemetryPoint } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { queryResultRows } from './query-result-rows.ts';

export interface StoredPointsSelection {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  fields: readonly string[];
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The points of one measurement over a range, read back from the tenant's store in the shape
 * ingest wrote them (tags and fields told apart, by the store's catalog), so a stream pipeline
 * run as a batch over the past sees what its live source saw. A measurement the store does not
 * hold, or a selected tag or field it never had, reads as no points rather than an error: the
 * live source would have seen none either.
 */
export async function readStoredPoints(
  services: Services,
  tenantId: string,
  selection: StoredPointsSelection,
  range: { from: number; to: number },
  limits: { maxRows: number; timeoutMs: number; signal: AbortSignal },
): Promise<TelemetryPoint[]> {
  const catalog = await services.timeseries.catalog(tenantId, { signal: limits.signal });
  const measurement = catalog.measurements.find((entry) => entry.name === selection.measurement);
  if (!measurement) return [];
  const tagNames = measurement.tags.map((tag) => tag.name);
  const fieldNames = measurement.fields.map((field) => field.name).filter((name) => selection.fields.length === 0 || selection.fields.includes(name));
  const tagFilter = Object.entries(selection.tags);
  if (fieldNames.length === 0 || tagFilter.some(([tag]) => !tagNames.includes(tag))) return [];

  const params: Record<string, string> = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
  const conditions = ['time >= $from', 'time < $to'];
  tagFilter.forEach(([tag, value], index) => {
    params[`tag${index}`] = value;
    conditions.push(`${quote(tag)} = $tag${index}`);
  });
  conditions.push(`(${fieldNames.map((field) => `${quote(field)} IS NOT NULL`).join(' OR ')})`);
  const sql = `SELECT time, ${[...tagNames, ...fieldNames].map(quote).join(', ')} FROM ${quote(measurement.name)} WHERE ${conditions.join(' AND ')} ORDER BY time`;
  const result = await services.timeseries.query(tenantId, sql, { maxRows: limits.maxRows, timeoutMs: limits.timeoutMs, params, signal: limits.signal });

  return queryResultRows(result).map((row) => {
    const point: TelemetryPoint = { m: measurement.name, tags: {}, f: {}, t: Number(row.time) };
    for (const tag of tagNames) if (typeof row[tag] === 'string') point.tags[tag] = row[tag];
    for (const field of fieldNames) {
      const value = row[field];
      if (value !== null && value !== undefined) point.f[field] = value;
    }
    return point;
  });
}

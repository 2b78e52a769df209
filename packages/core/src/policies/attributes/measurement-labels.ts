import { desc, inArray, schema, type Tx } from '@facilflow/db';

/** The labels of each measurement's latest schema version; a measurement without a schema has none. */
export async function latestMeasurementLabels(tx: Tx, measurements: readonly string[]): Promise<string[]> {
  if (measurements.length === 0) return [];
  const m = schema.measurementSchemas;
  const rows = await tx
    .select({ measurement: m.measurement, labels: m.labels })
    .from(m)
    .where(inArray(m.measurement, [...measurements]))
    .orderBy(desc(m.version));
  const latest = new Map<string, unknown>();
  for (const row of rows) if (!latest.has(row.measurement)) latest.set(row.measurement, row.labels);
  const labels = new Set<string>();
  for (const value of latest.values()) {
    if (Array.isArray(value)) for (const label of value) if (typeof label === 'string') labels.add(label);
  }
  return [...labels].sort();
}

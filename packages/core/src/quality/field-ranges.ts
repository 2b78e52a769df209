import { desc, inArray, schema } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';

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

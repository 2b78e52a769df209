import type { MeasurementSchema } from '@facilflow/contracts';
import { asc, desc, eq, schema, type Tx } from '@facilflow/db';
import { toMeasurementSchema } from './to-measurement-schema.ts';

const table = schema.measurementSchemas;

/** The latest version of every measurement's schema, in the caller's tenant transaction. */
export async function loadLatestSchemas(tx: Tx): Promise<MeasurementSchema[]> {
  const rows = await tx.selectDistinctOn([table.measurement]).from(table).orderBy(asc(table.measurement), desc(table.version));
  return rows.map(toMeasurementSchema);
}

/** Every version of one measurement's schema, newest first. */
export async function loadSchemaVersions(tx: Tx, measurement: string): Promise<MeasurementSchema[]> {
  const rows = await tx.select().from(table).where(eq(table.measurement, measurement)).orderBy(desc(table.version));
  return rows.map(toMeasurementSchema);
}

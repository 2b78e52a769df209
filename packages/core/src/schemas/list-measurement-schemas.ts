import type { MeasurementSchema } from '@facilflow/contracts';
import { count, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { loadLatestSchemas } from './load-schemas.ts';

/** The latest version of each of the tenant's measurement schemas, by measurement name. */
export async function listMeasurementSchemas(services: Services, scope: TenantScope): Promise<Array<MeasurementSchema & { versions: number }>> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const latest = await loadLatestSchemas(tx);
    const counts = await tx
      .select({ measurement: schema.measurementSchemas.measurement, versions: count() })
      .from(schema.measurementSchemas)
      .groupBy(schema.measurementSchemas.measurement);
    const versions = new Map(counts.map((row) => [row.measurement, Number(row.versions)]));
    return latest.map((item) => ({ ...item, versions: versions.get(item.measurement) ?? 1 }));
  });
}

import { FacilFlowError, type MeasurementSchema } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { loadSchemaVersions } from './load-schemas.ts';

/** One version of a measurement's schema (the latest by default) and the list of versions. */
export async function getMeasurementSchema(
  services: Services,
  scope: TenantScope,
  input: { measurement: string; version?: number | undefined },
): Promise<{ schema: MeasurementSchema; versions: number[] }> {
  const all = await services.db.withTenant(scope.tenantId, (tx) => loadSchemaVersions(tx, input.measurement));
  if (all.length === 0) throw new FacilFlowError('NOT_FOUND', `No schema for measurement "${input.measurement}"`);
  const chosen = input.version === undefined ? all[0] : all.find((item) => item.version === input.version);
  if (!chosen) throw new FacilFlowError('NOT_FOUND', `Measurement "${input.measurement}" has no schema version ${input.version}; it has ${all.length}`);
  return { schema: chosen, versions: all.map((item) => item.version).reverse() };
}

import { FacilFlowError } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { loadSchemaVersions } from './load-schemas.ts';
import { notifyMeasurementSchemaChange } from './schema-changes.ts';

async function versionsOf(services: Services, scope: TenantScope, measurement: string): Promise<number> {
  const all = await services.db.withTenant(scope.tenantId, (tx) => loadSchemaVersions(tx, measurement));
  if (all.length === 0) throw new FacilFlowError('NOT_FOUND', `No schema for measurement "${measurement}"`);
  return all.length;
}

export async function planDeleteMeasurementSchema(services: Services, scope: TenantScope, input: { measurement: string }): Promise<string> {
  const versions = await versionsOf(services, scope, input.measurement);
  return (
    `Delete the schema of measurement "${input.measurement}" (${versions} version${versions === 1 ? '' : 's'}). ` +
    `From then on its new points are refused as unknown measurement and kept as dead letters until a schema is registered again; data already stored stays.`
  );
}

/** Deletes every version; a schema registered again starts at version 1. */
export async function deleteMeasurementSchema(services: Services, scope: TenantScope, input: { measurement: string }): Promise<{ deleted: true; versions: number }> {
  const deleted = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.delete(schema.measurementSchemas).where(eq(schema.measurementSchemas.measurement, input.measurement)).returning({ version: schema.measurementSchemas.version }),
  );
  if (deleted.length === 0) throw new FacilFlowError('NOT_FOUND', `No schema for measurement "${input.measurement}"`);
  await notifyMeasurementSchemaChange(services, scope.tenantId, input.measurement);
  return { deleted: true, versions: deleted.length };
}

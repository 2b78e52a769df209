import { actorId, FacilFlowError, type MeasurementSchema, type MeasurementSchemaDefinition } from '@facilflow/contracts';
import { hasPgCode, schema, UNIQUE_VIOLATION } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { loadSchemaVersions } from './load-schemas.ts';
import { notifyMeasurementSchemaChange } from './schema-changes.ts';
import { refuseUnstorableDefinition } from './storable-definition.ts';
import { storedFields, storedLabels, toMeasurementSchema } from './to-measurement-schema.ts';

/**
 * Registers the first version of a measurement's schema. From then on ingest accepts the
 * measurement's points that match it (points of a measurement without a schema are
 * dead-lettered as unknown measurement).
 */
export async function createMeasurementSchema(services: Services, scope: TenantScope, input: MeasurementSchemaDefinition): Promise<MeasurementSchema> {
  refuseUnstorableDefinition(input);
  const created = await services.db
    .withTenant(scope.tenantId, async (tx) => {
      const [existing] = await loadSchemaVersions(tx, input.measurement);
      if (existing) {
        throw new FacilFlowError('CONFLICT', `Measurement "${input.measurement}" has a schema already (version ${existing.version}): change it with schemas.update`, {
          version: existing.version,
        });
      }
      const [row] = await tx
        .insert(schema.measurementSchemas)
        .values({
          tenantId: scope.tenantId,
          measurement: input.measurement,
          version: 1,
          description: input.description ?? null,
          fields: storedFields(input),
          requiredTags: input.requiredTags,
          labels: storedLabels(input.labels),
          createdBy: actorId(scope.actor),
          createdAt: services.now(),
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return toMeasurementSchema(row);
    })
    .catch((error: unknown) => {
      if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `Measurement "${input.measurement}" got a schema meanwhile: read it and update it`);
      throw error;
    });
  await notifyMeasurementSchemaChange(services, scope.tenantId, input.measurement);
  return created;
}

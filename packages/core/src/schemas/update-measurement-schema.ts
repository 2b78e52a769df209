import { actorId, FacilFlowError, type MeasurementSchema, type MeasurementSchemaDefinition } from '@facilflow/contracts';
import { hasPgCode, schema, UNIQUE_VIOLATION } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { loadSchemaVersions } from './load-schemas.ts';
import { notifyMeasurementSchemaChange } from './schema-changes.ts';
import { compatibilityProblems, sameDefinition } from './schema-compatibility.ts';
import { refuseUnstorableDefinition } from './storable-definition.ts';
import { storedFields, storedLabels, toMeasurementSchema } from './to-measurement-schema.ts';

/**
 * Makes a new version of a measurement's schema, if it is backward compatible with the
 * latest one (see `compatibilityProblems`); refused with CONFLICT and every problem
 * otherwise. The same definition again makes no version (`changed: false`).
 */
export async function updateMeasurementSchema(
  services: Services,
  scope: TenantScope,
  input: MeasurementSchemaDefinition & { expectedVersion?: number | undefined },
): Promise<{ schema: MeasurementSchema; changed: boolean }> {
  refuseUnstorableDefinition(input);
  const result = await services.db
    .withTenant(scope.tenantId, async (tx) => {
      const [latest] = await loadSchemaVersions(tx, input.measurement);
      if (!latest) throw new FacilFlowError('NOT_FOUND', `No schema for measurement "${input.measurement}": register it with schemas.create`);
      if (input.expectedVersion !== undefined && input.expectedVersion !== latest.version) {
        throw new FacilFlowError('CONFLICT', `The schema of "${input.measurement}" is at version ${latest.version}, not ${input.expectedVersion}: read it again`, {
          version: latest.version,
        });
      }
      // Labels left out keep the latest version's: a client that does not know them never drops them.
      const labels = storedLabels(input.labels ?? latest.labels);
      const next = { description: input.description ?? null, fields: storedFields(input), requiredTags: input.requiredTags, labels };
      if (sameDefinition(latest, next)) return { schema: latest, changed: false };
      const problems = compatibilityProblems(latest, next);
      if (problems.length > 0) {
        throw new FacilFlowError(
          'CONFLICT',
          `Version ${latest.version + 1} of "${input.measurement}" would not be backward compatible: ${problems.join('; ')}`,
          { problems, version: latest.version },
        );
      }
      const [row] = await tx
        .insert(schema.measurementSchemas)
        .values({
          tenantId: scope.tenantId,
          measurement: input.measurement,
          version: latest.version + 1,
          ...next,
          createdBy: actorId(scope.actor),
          createdAt: services.now(),
        })
        .returning();
      if (!row) throw new Error('insert returned no row');
      return { schema: toMeasurementSchema(row), changed: true };
    })
    .catch((error: unknown) => {
      if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `The schema of "${input.measurement}" changed meanwhile: read it again`);
      throw error;
    });
  if (result.changed) await notifyMeasurementSchemaChange(services, scope.tenantId, input.measurement);
  return result;
}

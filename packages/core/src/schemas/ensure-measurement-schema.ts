import { isFacilFlowError, type MeasurementSchema, type MeasurementSchemaDefinition } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { createMeasurementSchema } from './create-measurement-schema.ts';
import { updateMeasurementSchema } from './update-measurement-schema.ts';

/**
 * Makes the registry hold this definition, whatever it holds already: registers it, or
 * makes a new version when it differs compatibly (an incompatible difference is refused
 * with CONFLICT, as schemas.update does). For bootstraps that run at every start (the demo
 * plant): running it again changes nothing.
 */
export async function ensureMeasurementSchema(
  services: Services,
  scope: TenantScope,
  definition: MeasurementSchemaDefinition,
): Promise<{ schema: MeasurementSchema; changed: boolean }> {
  try {
    return { schema: await createMeasurementSchema(services, scope, definition), changed: true };
  } catch (error) {
    if (!isFacilFlowError(error) || error.code !== 'CONFLICT') throw error;
    return updateMeasurementSchema(services, scope, definition);
  }
}

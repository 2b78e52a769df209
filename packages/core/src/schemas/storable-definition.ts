import { FacilFlowError, findUnstorableText, type MeasurementSchemaDefinition } from '@facilflow/contracts';

/**
 * The operations validate definitions with the contract, which refuses a NUL in any text;
 * bootstraps call the registry directly, so it refuses them too, rather than failing in
 * the database with a message nobody can act on.
 */
export function refuseUnstorableDefinition(definition: MeasurementSchemaDefinition): void {
  const found = findUnstorableText(definition);
  if (found) throw new FacilFlowError('INVALID', `${found.path} ${found.reason}`, { path: found.path });
}

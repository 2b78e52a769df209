import { FacilFlowError } from '@facilflow/contracts';
import { hasPgCode, UNIQUE_VIOLATION } from '@facilflow/db';

/** Maps the unique-name index's refusal to the CONFLICT a caller can act on. */
export function duplicatePipelineName(name: string) {
  return (error: unknown): never => {
    if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `A pipeline named "${name}" exists already: pick another name or update that one`);
    throw error;
  };
}

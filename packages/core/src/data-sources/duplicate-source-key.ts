import { FacilFlowError } from '@facilflow/contracts';
import { hasPgCode, UNIQUE_VIOLATION } from '@facilflow/db';

/** A source id is unique per agent: the agent's configuration addresses sources by it. */
export function duplicateSourceKey(agentId: string, key: string): (error: unknown) => never {
  return (error) => {
    if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `Agent ${agentId} already has a source with id "${key}"`);
    throw error;
  };
}

import { actorId, FacilFlowError, type Policy, type PolicyDefinition, type TenantScope } from '@facilflow/contracts';
import { hasPgCode, schema, UNIQUE_VIOLATION } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { policyColumns } from './policy-columns.ts';
import { toPolicy } from './to-policy.ts';

/** Adds a policy to the tenant; it applies from the next call on. A name is unique in the tenant. */
export async function createPolicy(services: Services, scope: TenantScope, definition: PolicyDefinition): Promise<Policy> {
  const now = services.now();
  const by = actorId(scope.actor);
  const [row] = await services.db
    .withTenant(scope.tenantId, (tx) =>
      tx
        .insert(schema.policies)
        .values({ id: newId('pol'), tenantId: scope.tenantId, ...policyColumns(definition), createdBy: by, createdAt: now, updatedBy: by, updatedAt: now })
        .returning(),
    )
    .catch((error: unknown) => {
      if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `A policy named "${definition.name}" exists already: choose another name or update it`);
      throw error;
    });
  if (!row) throw new Error('insert returned no row');
  return toPolicy(row);
}

import { actorId, FacilFlowError, type Policy, type PolicyDefinition, type TenantScope } from '@facilflow/contracts';
import { eq, hasPgCode, schema, UNIQUE_VIOLATION } from '@facilflow/db';
import type { Services } from '../services.ts';
import { policyColumns } from './policy-columns.ts';
import { toPolicy } from './to-policy.ts';

/** Replaces a policy's definition; requests it already filed keep the rules they were filed under. */
export async function updatePolicy(services: Services, scope: TenantScope, input: { id: string; policy: PolicyDefinition }): Promise<Policy> {
  const p = schema.policies;
  const [row] = await services.db
    .withTenant(scope.tenantId, (tx) =>
      tx
        .update(p)
        .set({ ...policyColumns(input.policy), updatedBy: actorId(scope.actor), updatedAt: services.now() })
        .where(eq(p.id, input.id))
        .returning(),
    )
    .catch((error: unknown) => {
      if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `Another policy is named "${input.policy.name}" already`);
      throw error;
    });
  if (!row) throw new FacilFlowError('NOT_FOUND', `Policy ${input.id} not found`);
  return toPolicy(row);
}

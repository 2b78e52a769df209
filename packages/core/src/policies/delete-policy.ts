import { FacilFlowError, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { getPolicy } from './get-policy.ts';

/** What deleting would do, for the confirmation. */
export async function planDeletePolicy(services: Services, scope: TenantScope, input: { id: string }): Promise<string> {
  const policy = await getPolicy(services, scope, input.id);
  return `Delete the ${policy.effect} policy "${policy.name}": calls it matches are no longer ${policy.effect === 'DENY' ? 'refused' : policy.effect === 'REQUIRE_APPROVAL' ? 'held for approval' : 'marked'}. Its violations stay listed.`;
}

/** Removes a policy; its violations and the approvals it filed stay, naming it. */
export async function deletePolicy(services: Services, scope: TenantScope, input: { id: string }): Promise<{ deleted: true; id: string }> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) => tx.delete(schema.policies).where(eq(schema.policies.id, input.id)).returning({ id: schema.policies.id }));
  if (rows.length === 0) throw new FacilFlowError('NOT_FOUND', `Policy ${input.id} not found`);
  return { deleted: true, id: input.id };
}

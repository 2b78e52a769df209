import { FacilFlowError, type Policy, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toPolicy } from './to-policy.ts';

/** One of the tenant's policies; another tenant's id is as unknown as a made-up one. */
export async function getPolicy(services: Services, scope: TenantScope, id: string): Promise<Policy> {
  const [row] = await services.db.withTenant(scope.tenantId, (tx) => tx.select().from(schema.policies).where(eq(schema.policies.id, id)).limit(1));
  if (!row) throw new FacilFlowError('NOT_FOUND', `Policy ${id} not found`);
  return toPolicy(row);
}

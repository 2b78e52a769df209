import { FacilFlowError, type Tenant } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export async function getTenant(services: Services, scope: TenantScope): Promise<Tenant> {
  const tenant = await services.directory.getTenant(scope.tenantId);
  if (!tenant) throw new FacilFlowError('NOT_FOUND', 'Tenant not found');
  return tenant;
}

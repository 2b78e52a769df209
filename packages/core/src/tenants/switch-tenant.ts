import { FacilFlowError, type Role, type Tenant } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { activateTenant } from './create-tenant.ts';

/** Only to a tenant the user belongs to; any other id is indistinguishable from a missing one. */
export async function switchTenant(
  services: Services,
  user: { uid: string; email: string | null },
  tenantId: string,
): Promise<{ tenant: Tenant; role: Role }> {
  const member = await services.directory.getMember(tenantId, user.uid);
  const tenant = member ? await services.directory.getTenant(tenantId) : null;
  if (!member || !tenant) throw new FacilFlowError('NOT_FOUND', `Tenant ${tenantId} not found`);
  await activateTenant(services, user, tenantId, member.role);
  return { tenant, role: member.role };
}

import type { Role, Tenant } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export async function listMyTenants(
  services: Services,
  user: { uid: string },
): Promise<Array<{ tenant: Tenant; role: Role }>> {
  return services.directory.listMembershipsForUser(user.uid);
}

import type { Invite, Member } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

export async function listMembers(services: Services, scope: TenantScope): Promise<{ members: Member[]; invites: Invite[] }> {
  const [members, invites] = await Promise.all([
    services.directory.listMembers(scope.tenantId),
    services.directory.listInvites(scope.tenantId),
  ]);
  return { members, invites: invites.filter((i) => i.status === 'pending') };
}

import { FacilFlowError, type HumanRole, type Invite } from '@facilflow/contracts';
import { newId } from '../ids.ts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { assertMayTouchOwnership } from './member-rules.ts';

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export async function inviteMember(
  services: Services,
  scope: TenantScope,
  input: { email: string; role: HumanRole },
): Promise<Invite> {
  assertMayTouchOwnership(scope, null, input.role);
  const email = input.email.trim().toLowerCase();
  const members = await services.directory.listMembers(scope.tenantId);
  if (members.some((m) => m.email?.toLowerCase() === email)) {
    throw new FacilFlowError('CONFLICT', `${email} is already a member`);
  }
  return services.directory.createInvite({
    id: newId('inv'),
    tenantId: scope.tenantId,
    email,
    role: input.role,
    invitedBy: actorLabel(scope),
    expiresAt: new Date(services.now().getTime() + INVITE_TTL_MS),
  });
}

function actorLabel(scope: TenantScope): string {
  const a = scope.actor;
  return a.type === 'user' ? (a.email ?? a.uid) : a.type === 'apiKey' ? `apiKey:${a.name}` : a.name;
}

import { FacilFlowError, type HumanRole, type Member } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { assertMayTouchOwnership, assertNotLastOwner, getMemberOrThrow } from './member-rules.ts';
import { syncMemberClaims } from './sync-member-claims.ts';

export async function updateMemberRole(
  services: Services,
  scope: TenantScope,
  input: { uid: string; role: HumanRole },
): Promise<Member> {
  const member = await getMemberOrThrow(services, scope, input.uid);
  if (member.role === input.role) return member;
  assertMayTouchOwnership(scope, member.role, input.role);
  await assertNotLastOwner(services, scope, member);
  const updated = await services.directory.updateMemberRole(scope.tenantId, input.uid, input.role);
  if (!updated) throw new FacilFlowError('NOT_FOUND', `Member ${input.uid} not found`);
  await syncMemberClaims(services, scope.tenantId, input.uid, input.role);
  return updated;
}

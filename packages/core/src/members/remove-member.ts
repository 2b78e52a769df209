import { FacilFlowError } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { assertMayTouchOwnership, assertNotLastOwner, getMemberOrThrow } from './member-rules.ts';
import { syncMemberClaims } from './sync-member-claims.ts';

export async function planRemoveMember(services: Services, scope: TenantScope, input: { uid: string }): Promise<string> {
  const member = await getMemberOrThrow(services, scope, input.uid);
  assertMayTouchOwnership(scope, member.role, null);
  await assertNotLastOwner(services, scope, member);
  return `Remove ${member.email ?? member.uid} (${member.role}) from this tenant; they lose access at once.`;
}

export async function removeMember(services: Services, scope: TenantScope, input: { uid: string }): Promise<{ removed: true }> {
  const member = await getMemberOrThrow(services, scope, input.uid);
  assertMayTouchOwnership(scope, member.role, null);
  await assertNotLastOwner(services, scope, member);
  if (!(await services.directory.removeMember(scope.tenantId, input.uid))) {
    throw new FacilFlowError('NOT_FOUND', `Member ${input.uid} not found`);
  }
  await syncMemberClaims(services, scope.tenantId, input.uid, null);
  return { removed: true };
}

import { FacilFlowError, type Member, type Role } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/** Ownership is granted, changed and taken away only by an owner. */
export function assertMayTouchOwnership(scope: TenantScope, from: Role | null, to: Role | null): void {
  if ((from === 'owner' || to === 'owner') && scope.role !== 'owner') {
    throw new FacilFlowError('FORBIDDEN', 'Only an owner can grant, change or remove the owner role');
  }
}

/** A tenant never loses its last owner; that would leave nobody able to govern it. */
export async function assertNotLastOwner(services: Services, scope: TenantScope, member: Member): Promise<void> {
  if (member.role !== 'owner') return;
  if ((await services.directory.countOwners(scope.tenantId)) <= 1) {
    throw new FacilFlowError('CONFLICT', 'This is the last owner of the tenant; make someone else owner first');
  }
}

export async function getMemberOrThrow(services: Services, scope: TenantScope, uid: string): Promise<Member> {
  const member = await services.directory.getMember(scope.tenantId, uid);
  if (!member) throw new FacilFlowError('NOT_FOUND', `Member ${uid} not found`);
  return member;
}

import { allows, defineAbilityFor } from '@facilflow/auth/abilities';
import { FacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { Operation } from '../define-operation.ts';

/** Whether this principal may call the operation at all; fronts list only these. */
export function mayUse(principal: Principal, op: Operation): boolean {
  if (op.scope === 'user') return principal.actor.type === 'user';
  return principal.role !== null && principal.tenantId !== null && allows(defineAbilityFor(principal.role), op.permission);
}

export function assertMayUse(principal: Principal, op: Operation): void {
  if (mayUse(principal, op)) return;
  if (op.scope === 'user') throw new FacilFlowError('FORBIDDEN', `${op.name} is for signed-in people, not API keys`);
  if (!principal.tenantId) {
    throw new FacilFlowError('FORBIDDEN', 'No active tenant: create one (tenants.create) or switch to one (tenants.switch)');
  }
  throw new FacilFlowError('FORBIDDEN', `Role ${principal.role} may not ${op.permission[0]} ${op.permission[1]}`);
}

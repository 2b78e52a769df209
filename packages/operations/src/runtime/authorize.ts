import { allows, defineAbilityFor } from '@facilflow/auth/abilities';
import { FacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import type { Operation, PrincipalOperation } from '../define-operation.ts';

/** Whether this principal may call the operation at all; fronts list only these. */
export function mayUse(principal: Principal, op: Operation): boolean {
  // A credential-scoped operation is nobody's to call as themselves: its credential is its input.
  if (op.scope === 'credential') return false;
  if (op.scope === 'user') return principal.actor.type === 'user';
  return principal.role !== null && principal.tenantId !== null && allows(defineAbilityFor(principal.role), op.permission);
}

export function assertMayUse(principal: Principal, op: Operation): asserts op is PrincipalOperation {
  if (mayUse(principal, op)) return;
  if (op.scope === 'credential') throw new FacilFlowError('FORBIDDEN', `${op.name} takes its ${op.credential.kind} in its input, at its own endpoint, not a signed-in caller or an API key`);
  if (op.scope === 'user') throw new FacilFlowError('FORBIDDEN', `${op.name} is for signed-in people, not API keys`);
  if (!principal.tenantId) {
    throw new FacilFlowError('FORBIDDEN', 'No active tenant: create one (tenants.create) or switch to one (tenants.switch)');
  }
  throw new FacilFlowError('FORBIDDEN', `Role ${principal.role} may not ${op.permission[0]} ${op.permission[1]}`);
}

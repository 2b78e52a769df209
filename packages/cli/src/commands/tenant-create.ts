import type { Principal } from '@facilflow/contracts';
import { withRuntime } from './with-runtime.ts';

/**
 * Creates a tenant owned by the person with this email, creating their account if needed
 * (they set a password through reset or sign in by email link). The audit record names
 * the owner as actor and `cli` as the front: the tenant is created on their behalf.
 */
export function createTenantFor(name: string, ownerEmail: string): Promise<unknown> {
  return withRuntime(async (runtime) => {
    const owner = await runtime.services.identity.ensureUser(ownerEmail);
    const principal: Principal = { actor: { type: 'user', uid: owner.uid, email: owner.email }, tenantId: null, role: null };
    const created = await runtime.invoke(principal, 'cli', 'tenants.create', { name });
    return { ...(created as object), owner: { uid: owner.uid, email: owner.email, accountCreated: owner.created } };
  });
}

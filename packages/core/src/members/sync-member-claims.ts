import type { Role } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/**
 * Keeps the claims copy in step when this tenant is the user's active one. Authorization
 * never trusts the claim's role (the directory is read on every call); the claim is for
 * the user's own clients, which display it.
 */
export async function syncMemberClaims(services: Services, tenantId: string, uid: string, role: Role | null): Promise<void> {
  const profile = await services.directory.getProfile(uid);
  if (profile?.activeTenantId !== tenantId) return;
  await services.identity.setTenantClaims(uid, role ? { tid: tenantId, role } : null);
  if (!role) await services.directory.upsertProfile({ ...profile, activeTenantId: null });
}

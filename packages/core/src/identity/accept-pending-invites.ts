import type { Member } from '@facilflow/contracts';
import { activateTenant } from '../tenants/create-tenant.ts';
import type { Services } from '../services.ts';

/**
 * Joins every tenant that invited this email. Run when a user is created (Cloud Function)
 * and on sign-in, so an embedded deployment without Functions behaves the same.
 * The first tenant joined becomes the active one if the user has none. Unverified
 * addresses join nothing.
 */
export async function acceptPendingInvites(
  services: Services,
  user: { uid: string; email: string | null; emailVerified?: boolean | undefined },
  activeTenantId: string | null,
): Promise<Member[]> {
  // Anyone can sign up with any address; only a verified one may take the seat it was invited to.
  if (!user.email || !user.emailVerified) return [];
  const invites = await services.directory.listPendingInvitesForEmail(user.email, services.now());
  const joined: Member[] = [];
  for (const invite of invites) {
    const member = await services.directory.acceptInvite(invite.id, { uid: user.uid, email: user.email });
    if (member) joined.push(member);
  }
  const first = joined[0];
  if (!activeTenantId && first) await activateTenant(services, user, first.tenantId, first.role);
  return joined;
}

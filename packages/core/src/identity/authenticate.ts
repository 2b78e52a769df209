import { looksLikeApiKey } from '@facilflow/auth/api-keys';
import { FacilFlowError, type Principal } from '@facilflow/contracts';
import { resolveApiKey } from '../api-keys/resolve-api-key.ts';
import type { Services } from '../services.ts';

/**
 * Turns a bearer credential (Firebase ID token or FacilFlow API key) into a principal.
 * The tenant comes from the token's `tid` claim, but the role always comes from the
 * directory: a demoted or removed member loses rights at once, not when the token expires.
 */
export async function authenticate(services: Services, bearer: string | undefined | null): Promise<Principal> {
  const token = bearer?.trim();
  if (!token) throw new FacilFlowError('UNAUTHENTICATED', 'Missing bearer credential (Firebase ID token or API key)');
  if (looksLikeApiKey(token)) return resolveApiKey(services, token);
  const user = await services.identity.verifyIdToken(token);
  const actor = { type: 'user' as const, uid: user.uid, email: user.email, emailVerified: user.emailVerified };
  if (!user.tid) return { actor, tenantId: null, role: null };
  const member = await services.directory.getMember(user.tid, user.uid);
  return member ? { actor, tenantId: user.tid, role: member.role } : { actor, tenantId: null, role: null };
}

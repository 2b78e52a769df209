import type { TenantDirectory } from '@facilflow/auth/directory';
import type { ClaimsSetter } from './claims-setter.ts';

/** The fields of a Firebase Auth UserRecord this handler reads. */
export interface CreatedUser {
  uid: string;
  email?: string | undefined;
  emailVerified: boolean;
  displayName?: string | undefined;
}

export interface UserCreatedDependencies {
  directory: TenantDirectory;
  claims: ClaimsSetter;
  now: () => Date;
}

export interface UserCreatedOutcome {
  /** Tenants joined now, in the order their invites were sent. */
  joinedTenantIds: string[];
  activeTenantId: string | null;
}

/**
 * Joins every tenant that invited the new user's email, then makes the first one active:
 * in the profile and in the `tid`/`role` claims.
 *
 * Cloud Functions may deliver an event more than once, so a second run must land in the
 * same state: the active tenant falls back to the one the profile already names, and the
 * profile is written before the claims, so a run that failed between the two is completed
 * by the next one.
 */
export async function handleUserCreated(user: CreatedUser, deps: UserCreatedDependencies): Promise<UserCreatedOutcome> {
  const joinedTenantIds = await acceptPendingInvites(user, deps);
  const profile = await deps.directory.getProfile(user.uid);
  const candidate = joinedTenantIds[0] ?? profile?.activeTenantId ?? null;
  const active = candidate === null ? null : await deps.directory.getMember(candidate, user.uid);

  await deps.directory.upsertProfile({
    uid: user.uid,
    email: user.email ?? null,
    displayName: user.displayName ?? profile?.displayName ?? null,
    activeTenantId: active?.tenantId ?? null,
  });
  if (active) await deps.claims.setTenantClaims(user.uid, { tid: active.tenantId, role: active.role });
  return { joinedTenantIds, activeTenantId: active?.tenantId ?? null };
}

async function acceptPendingInvites(user: CreatedUser, deps: UserCreatedDependencies): Promise<string[]> {
  // Anyone can sign up with someone else's address; until it is verified it proves
  // nothing, and accepting on it would hand that person the invitee's seat and role.
  if (!user.email || !user.emailVerified) return [];
  const invites = await deps.directory.listPendingInvitesForEmail(user.email, deps.now());
  const joined: string[] = [];
  for (const invite of invites) {
    const member = await deps.directory.acceptInvite(invite.id, { uid: user.uid, email: user.email });
    if (member) joined.push(member.tenantId);
  }
  return joined;
}

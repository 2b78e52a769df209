import { randomUUID } from 'node:crypto';
import type { Config } from '@facilflow/config';
import type { Role } from '@facilflow/contracts';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth, type DecodedIdToken } from 'firebase-admin/auth';
import { assertRouting, routeFirebaseAdmin } from './emulator-routing.ts';
import { adminFailure, firebaseCode, idTokenRejection } from './firebase-errors.ts';
import { checkIdentityProvider } from './identity-check.ts';

export interface VerifiedIdToken {
  uid: string;
  email: string | null;
  emailVerified: boolean;
  /** Active tenant, from the custom claims; a copy of the tenant directory, not the authority. */
  tid: string | undefined;
  role: string | undefined;
  /** When the user last signed in, in seconds since the epoch. */
  authTime: number;
}

export interface TenantClaims {
  tid: string;
  role: Role;
}

export interface FirebaseIdentity {
  /** Throws FacilFlowError UNAUTHENTICATED for any token that must not be trusted. */
  verifyIdToken(token: string): Promise<VerifiedIdToken>;
  /** Merges into the user's custom claims; null removes tid and role. Shows up on the next token refresh. */
  setTenantClaims(uid: string, claims: TenantClaims | null): Promise<void>;
  getUserByEmail(email: string): Promise<{ uid: string; email: string } | null>;
  /** The account for this email, created (without a password, to be set by reset or email link) if there is none. */
  ensureUser(email: string): Promise<{ uid: string; email: string; created: boolean }>;
  /** ID tokens issued before now stop verifying; the user must sign in again. */
  revokeRefreshTokens(uid: string): Promise<void>;
  /** Resolves when Firebase Auth answers this process's admin calls (readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export function createFirebaseIdentity(firebase: Config['firebase']): FirebaseIdentity {
  routeFirebaseAdmin(firebase);
  // A named app per identity, so several can coexist (and be closed) in one process.
  const app = initializeApp({ projectId: firebase.projectId }, `facilflow-identity-${randomUUID()}`);
  const auth = getAuth(app);

  return {
    async verifyIdToken(token) {
      assertRouting(firebase);
      let decoded: DecodedIdToken;
      try {
        decoded = await auth.verifyIdToken(token, true);
      } catch (error) {
        throw idTokenRejection(error);
      }
      return {
        uid: decoded.uid,
        email: decoded.email ?? null,
        emailVerified: decoded.email_verified ?? false,
        tid: stringClaim(decoded, 'tid'),
        role: stringClaim(decoded, 'role'),
        authTime: decoded.auth_time,
      };
    },

    async setTenantClaims(uid, claims) {
      assertRouting(firebase);
      try {
        const user = await auth.getUser(uid);
        const next: Record<string, unknown> = { ...user.customClaims };
        delete next.tid;
        delete next.role;
        if (claims !== null) Object.assign(next, { tid: claims.tid, role: claims.role });
        await auth.setCustomUserClaims(uid, next);
      } catch (error) {
        throw adminFailure(error, 'set tenant claims');
      }
    },

    async getUserByEmail(email) {
      assertRouting(firebase);
      try {
        const user = await auth.getUserByEmail(email);
        return { uid: user.uid, email: user.email ?? email };
      } catch (error) {
        if (firebaseCode(error) === 'auth/user-not-found') return null;
        throw adminFailure(error, 'look up a user by email');
      }
    },

    async ensureUser(email) {
      const existing = await this.getUserByEmail(email);
      if (existing) return { ...existing, created: false };
      try {
        const user = await auth.createUser({ email, emailVerified: false });
        return { uid: user.uid, email: user.email ?? email, created: true };
      } catch (error) {
        throw adminFailure(error, 'create a user');
      }
    },

    async revokeRefreshTokens(uid) {
      assertRouting(firebase);
      try {
        await auth.revokeRefreshTokens(uid);
      } catch (error) {
        throw adminFailure(error, 'revoke refresh tokens');
      }
    },

    check() {
      assertRouting(firebase);
      return checkIdentityProvider(auth);
    },

    close: () => deleteApp(app),
  };
}

function stringClaim(decoded: DecodedIdToken, name: string): string | undefined {
  const value: unknown = decoded[name];
  return typeof value === 'string' ? value : undefined;
}

import type { TenantClaims } from '@facilflow/auth/firebase';

/**
 * What the handlers need from Firebase Auth. FirebaseIdentity (@facilflow/auth/firebase)
 * is one: it merges tid/role into the user's other custom claims.
 */
export interface ClaimsSetter {
  setTenantClaims(uid: string, claims: TenantClaims): Promise<void>;
}

import type { Auth } from 'firebase-admin/auth';
import { adminFailure, firebaseCode } from './firebase-errors.ts';

/** `.invalid` is reserved (RFC 2606): no account can ever have it. */
const PROBE_EMAIL = 'readiness-probe@facilflow.invalid';

/**
 * A real admin call that changes nothing: looking up an account that cannot exist. It needs
 * what token checks need (the emulator or the project reachable, this process's credentials
 * accepted), so "no such user" is the healthy answer and anything else is not.
 */
export async function checkIdentityProvider(auth: Auth): Promise<void> {
  try {
    await auth.getUserByEmail(PROBE_EMAIL);
  } catch (error) {
    if (firebaseCode(error) === 'auth/user-not-found') return;
    throw adminFailure(error, 'reach Firebase Auth');
  }
}

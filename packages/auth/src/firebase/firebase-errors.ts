import { FacilFlowError } from '@facilflow/contracts';

/**
 * firebase-admin failures turned into FacilFlowError. Only our own wording and the
 * Firebase error code leave this module: firebase-admin's messages and stacks may
 * mention internals (endpoints, expected project ids) that callers need not see.
 */

/**
 * Codes meaning Firebase could not be asked (the revocation check is a call), as opposed
 * to having said no. Not auth/internal-error: firebase-admin also uses it for some garbage tokens.
 */
const UNREACHABLE = new Set(['app/network-error', 'app/network-timeout', 'app/invalid-credential']);

const ID_TOKEN_REASONS: Record<string, string> = {
  'auth/id-token-expired': 'the ID token has expired',
  'auth/id-token-revoked': 'the ID token has been revoked; sign in again',
  'auth/user-disabled': 'the user account is disabled',
  'auth/user-not-found': 'the user no longer exists',
};

export function idTokenRejection(error: unknown): FacilFlowError {
  const code = firebaseCode(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new FacilFlowError('UNAVAILABLE', 'Cannot verify the ID token: Firebase Auth is unreachable or this server lacks credentials', { firebaseCode: code });
  }
  const reason = (code !== undefined ? ID_TOKEN_REASONS[code] : undefined) ?? describeInvalidToken(error);
  return new FacilFlowError('UNAUTHENTICATED', `ID token refused: ${reason}`, code !== undefined ? { firebaseCode: code } : undefined);
}

/** For admin calls about a user (claims, lookups, revocation). */
export function adminFailure(error: unknown, action: string): FacilFlowError {
  const code = firebaseCode(error);
  if (code === 'auth/user-not-found') {
    return new FacilFlowError('NOT_FOUND', `Cannot ${action}: no such user`, { firebaseCode: code });
  }
  const detail = code ?? 'unknown error';
  return new FacilFlowError('UNAVAILABLE', `Cannot ${action}: Firebase Auth failed (${detail})`, { firebaseCode: detail });
}

export function firebaseCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * firebase-admin reports every structural problem as auth/argument-error; its message
 * is the only thing telling them apart, so it is matched loosely with a safe default.
 */
function describeInvalidToken(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('Decoding')) return 'it is not a well-formed JWT';
  if (message.includes('"kid"') || message.includes('algorithm')) {
    return 'it is not signed by Firebase (emulator tokens are refused outside emulator mode)';
  }
  if (message.includes('"aud"') || message.includes('"iss"')) return 'it was issued for another Firebase project';
  if (message.includes('signature')) return 'its signature is invalid';
  return 'it is not a valid Firebase ID token';
}

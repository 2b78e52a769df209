const MESSAGES: Record<string, string> = {
  'auth/email-already-in-use': 'An account with this email already exists. Sign in instead.',
  'auth/invalid-credential': 'Wrong email or password.',
  'auth/invalid-login-credentials': 'Wrong email or password.',
  'auth/wrong-password': 'Wrong email or password.',
  'auth/user-not-found': 'Wrong email or password.',
  'auth/invalid-email': 'Enter a valid email address.',
  'auth/missing-password': 'Enter a password.',
  'auth/weak-password': 'Choose a password of at least 6 characters.',
  'auth/too-many-requests': 'Too many attempts. Wait a moment and try again.',
  'auth/user-disabled': 'This account is disabled.',
};

/** Firebase's error codes in words a person can act on. */
export function authErrorMessage(error: unknown, authEmulatorUrl: string | null): string {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (code === 'auth/network-request-failed') {
    return authEmulatorUrl
      ? `Cannot reach the Firebase Auth emulator at ${authEmulatorUrl}. Is "npm start" still running?`
      : 'Cannot reach Firebase Auth. Check your connection.';
  }
  return MESSAGES[code] ?? (error instanceof Error ? error.message : 'Sign-in failed.');
}

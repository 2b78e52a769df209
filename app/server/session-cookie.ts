const NAME = 'ff_session';
/**
 * Longer than an ID token lives (1 h) on purpose: an expired token still tells the page
 * who was signed in, and the browser's Firebase session posts a fresh one at once.
 */
const MAX_AGE_S = 14 * 24 * 60 * 60;

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === NAME) return value.join('=') || undefined;
  }
  return undefined;
}

/** The ID token is base64url and dots only, so it needs no encoding. */
export function sessionCookie(idToken: string, secure: boolean): string {
  return attributes(`${NAME}=${idToken}`, MAX_AGE_S, secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return attributes(`${NAME}=`, 0, secure);
}

function attributes(pair: string, maxAge: number, secure: boolean): string {
  // SameSite=Lax keeps cross-site form posts from riding on the session.
  return `${pair}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

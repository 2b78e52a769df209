export interface SessionAnswer {
  /** Whether the server's idea of the caller (user, tenant, role) changed, so page data is stale. */
  changed: boolean;
  /** Joining a tenant changed the user's claims: fetch a fresh ID token to carry them. */
  refreshClaims: boolean;
  problem: string | null;
}

/** Hands the current ID token (or none, to sign out) to the server's /session action. */
export async function postSession(idToken: string | null): Promise<SessionAnswer> {
  const response = await fetch('/session', {
    method: 'POST',
    // JSON keeps other sites from posting here: a cross-site JSON request needs a CORS preflight.
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idToken }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!isAnswer(body)) throw new Error(`The server answered /session with HTTP ${response.status}`);
  return body;
}

function isAnswer(body: unknown): body is SessionAnswer {
  return (
    typeof body === 'object' &&
    body !== null &&
    'changed' in body &&
    typeof body.changed === 'boolean' &&
    'refreshClaims' in body &&
    typeof body.refreshClaims === 'boolean' &&
    'problem' in body &&
    (body.problem === null || typeof body.problem === 'string')
  );
}

import { FacilFlowError } from '@facilflow/contracts';

/**
 * Admin calls to the Auth emulator's REST API (what firebase-admin sends). The emulator
 * accepts the literal bearer "owner" as an administrator; a real project never does.
 */
export async function ensureEmulatorAccount(
  host: string,
  projectId: string,
  account: { uid: string; email: string; password: string; displayName: string },
): Promise<{ uid: string }> {
  const base = `http://${host}/identitytoolkit.googleapis.com/v1/projects/${encodeURIComponent(projectId)}`;
  await removeLegacyDemoOwner(base);
  const lookup = (await call(`${base}/accounts:lookup`, { email: [account.email] })) as { users?: Array<{ localId: string }> };
  const existing = lookup.users?.[0]?.localId;
  if (existing) {
    // Someone may have signed up with this email: keep their account and give it the printed password.
    await call(`${base}/accounts:update`, { localId: existing, password: account.password });
    return { uid: existing };
  }
  await call(`${base}/accounts`, {
    localId: account.uid,
    email: account.email,
    password: account.password,
    displayName: account.displayName,
    emailVerified: true,
  });
  return { uid: account.uid };
}

/**
 * Earlier versions gave the demo owner the fixed uid "demo-owner". Emulator tokens are
 * unsigned, so anyone who could reach the server could name that uid and be the owner;
 * the account goes, and with it every token naming it (the server checks the account exists).
 * Its old tenant stays in the database, owned by no account that can sign in.
 */
export const LEGACY_DEMO_OWNER_UID = 'demo-owner';

async function removeLegacyDemoOwner(base: string): Promise<void> {
  const legacy = (await call(`${base}/accounts:lookup`, { localId: [LEGACY_DEMO_OWNER_UID] })) as { users?: unknown[] };
  if (!legacy.users?.length) return;
  await call(`${base}/accounts:delete`, { localId: LEGACY_DEMO_OWNER_UID });
  console.log(`  ! Removed the demo owner account with the guessable uid "${LEGACY_DEMO_OWNER_UID}"; the demo owner now has a random uid`);
}

async function call(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    throw new FacilFlowError('UNAVAILABLE', `Auth emulator ${new URL(url).pathname.split('/').pop()} failed: HTTP ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer;
}

import type { Principal } from '@facilflow/contracts';
import type { ActionFunctionArgs } from '@remix-run/node';
import type { SessionAnswer } from '../auth/post-session.ts';
import { invoke } from '../lib/operations.server.ts';

/**
 * The browser posts its current Firebase ID token here (null to sign out). The token is
 * verified and kept in an httpOnly cookie, and verified again on every request that uses it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return Response.json({ error: 'Send {"idToken": string | null} as application/json' }, { status: 415 });
  }
  const idToken = readIdToken(await request.json().catch(() => undefined));
  if (idToken === undefined) {
    return Response.json({ error: 'Send {"idToken": string | null} as application/json' }, { status: 400 });
  }
  const previous = await context.web.session();
  const before = previous.kind === 'signed-in' ? previous.principal : null;
  if (idToken === null) {
    return answer({ changed: before !== null, refreshClaims: false, problem: null }, 200, context.web.endSession());
  }
  const started = await context.web.startSession(idToken);
  if (!started.ok) {
    return answer({ changed: before !== null, refreshClaims: false, problem: started.problem.message }, 401, context.web.endSession());
  }
  const { principal, setCookie } = started.value;
  const newcomer = before === null || uid(before) !== uid(principal);
  let refreshClaims = false;
  let problem: string | null = null;
  if (newcomer) {
    // Invites wait for the invited email's first sign-in; without Cloud Functions this is that moment.
    const accepted = await invoke(context, principal, 'invites.accept');
    if (accepted.ok) refreshClaims = accepted.value.joined.length > 0 && principal.tenantId === null;
    else problem = `Pending invites could not be accepted: ${accepted.problem.message}`;
  }
  const changed = newcomer || before.tenantId !== principal.tenantId || before.role !== principal.role;
  return answer({ changed, refreshClaims, problem }, 200, setCookie);
}

function answer(body: SessionAnswer, status: number, setCookie: string): Response {
  return Response.json(body, { status, headers: { 'Set-Cookie': setCookie, 'Cache-Control': 'no-store' } });
}

/** A token string, null for sign-out, or undefined for a malformed body. */
function readIdToken(body: unknown): string | null | undefined {
  if (typeof body !== 'object' || body === null || !('idToken' in body)) return undefined;
  const { idToken } = body;
  if (idToken === null) return null;
  return typeof idToken === 'string' && idToken.length > 0 && idToken.length < 8192 ? idToken : undefined;
}

function uid(principal: Principal): string | null {
  return principal.actor.type === 'user' ? principal.actor.uid : null;
}

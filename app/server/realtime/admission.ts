import { randomBytes } from 'node:crypto';
import { isFacilFlowError } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import { assertMayUse, type Registry, type Runtime } from '@facilflow/operations';
import type { Socket } from 'socket.io';
import { readSessionCookie } from '../session-cookie.ts';
import type { LiveNamespace } from './live-namespaces.ts';

type Next = (error?: Error) => void;

/**
 * A socket is let in the way an operation call is: the credential (in `auth.token`) names a
 * principal, and the registry's own permission check for the operation the namespace
 * mirrors decides, so a role reads the same live data it may read by calling.
 */
export async function admitPrincipal(runtime: Runtime, live: LiveNamespace, credential: string | undefined): Promise<Principal> {
  const principal = await runtime.authenticate(credential);
  assertMayJoin(runtime.registry, live, principal);
  return principal;
}

/** FORBIDDEN, with the registry's reason (no active tenant, or a role that may not read it), unless the principal may join. */
export function assertMayJoin(registry: Registry, live: LiveNamespace, principal: Principal): void {
  const operation = registry.get(live.operation);
  if (!operation) throw new Error(`Namespace ${live.path} mirrors ${live.operation}, which the registry does not have`);
  assertMayUse(principal, operation);
}

/**
 * What the handshake presents: `auth.token` (an API key or ID token), else the web app's session
 * cookie. The cookie rides only on a handshake the Host/Origin allow-list let through, so
 * another site's page cannot open a socket on the person's session.
 */
export function handshakeCredential(handshake: Socket['handshake']): string | undefined {
  const token: unknown = handshake.auth.token;
  if (token === undefined) return readSessionCookie(handshake.headers.cookie);
  // A token that is not a string is no credential: UNAUTHENTICATED, not a fall back to the cookie.
  return typeof token === 'string' ? token : undefined;
}

/** Socket.IO middleware: `CODE: message` as the connect_error, and an unexpected failure logged under a reference. */
export function admission(runtime: Runtime, live: LiveNamespace): (socket: Socket, next: Next) => void {
  return (socket, next) => {
    admitPrincipal(runtime, live, handshakeCredential(socket.handshake)).then(
      (principal) => {
        socket.data.principal = principal;
        next();
      },
      (error: unknown) => next(new Error(refusalMessage(live.path, error))),
    );
  };
}

export function refusalMessage(path: string, error: unknown): string {
  if (isFacilFlowError(error)) return `${error.code}: ${error.message}`;
  const ref = randomBytes(4).toString('hex');
  console.error(`[realtime] admitting a socket to ${path} failed (ref ${ref}):`, error);
  return `INTERNAL (ref ${ref}): could not admit the socket`;
}

/** The default namespace carries nothing, so no socket (least of all an anonymous one) may sit on it. */
export function refuseEveryone(livePaths: readonly string[]): (socket: Socket, next: Next) => void {
  const refusal = `NOT_FOUND: nothing is served on the default namespace; connect to ${livePaths.join(' or ')}`;
  return (_socket, next) => next(new Error(refusal));
}

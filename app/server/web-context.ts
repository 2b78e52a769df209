import type { Config } from '@facilflow/config';
import { FacilFlowError, isFacilFlowError, type ErrorCode } from '@facilflow/contracts';
import type { Principal } from '@facilflow/contracts';
import { invokeOperation, type FrontInput, type OperationOutput, type RegisteredOperationName, type Runtime } from '@facilflow/operations';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from './session-cookie.ts';

/** What the browser needs to talk to Firebase Auth; nothing secret. */
export interface WebSettings {
  firebase: { projectId: string; apiKey: string; authEmulatorUrl: string | null };
  publicUrl: string;
  /** Null when Jarvis answers; otherwise the server's message on how to configure it. */
  jarvisUnavailable: string | null;
}

export type WebSession =
  | { kind: 'anonymous' }
  /** A cookie whose token no longer verifies (expired, revoked): the browser is asked for a fresh one. */
  | { kind: 'expired'; reason: string }
  | { kind: 'signed-in'; principal: Principal };

/** A FacilFlowError as plain data, so loaders can return it and pages can show it. */
export interface Problem {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown> | null;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/**
 * Everything Remix loaders and actions get from the server. Routes reach operations only
 * through `invoke`, the registry's in-process caller, so the web front is validated,
 * authorized and audited like every other front.
 */
export interface WebContext {
  settings: WebSettings;
  /** The request's principal from the session cookie, verified (with revocation check) once per request. */
  session(): Promise<WebSession>;
  invoke<N extends RegisteredOperationName>(principal: Principal, name: N, input: FrontInput<N>): Promise<Outcome<OperationOutput<N>>>;
  /** Verifies an ID token from the browser; on success returns the Set-Cookie value that holds it. */
  startSession(idToken: string): Promise<Outcome<{ principal: Principal; setCookie: string }>>;
  /** The Set-Cookie value that ends the session. */
  endSession(): string;
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    web: WebContext;
  }
}

export function webSettings(config: Config, jarvisUnavailable: string | null): WebSettings {
  const emulator = config.firebase.emulator;
  return {
    firebase: {
      projectId: config.firebase.projectId,
      apiKey: config.firebase.webApiKey,
      authEmulatorUrl: emulator ? `http://${emulator.host}` : null,
    },
    publicUrl: config.http.publicUrl,
    jarvisUnavailable,
  };
}

/** Builds each request's context from its Cookie header. */
export function createWebContextFactory(runtime: Runtime, config: Config, jarvisUnavailable: string | null): (cookieHeader: string | undefined) => WebContext {
  const settings = webSettings(config, jarvisUnavailable);
  const secure = new URL(config.http.publicUrl).protocol === 'https:';
  const authenticatePerson = async (idToken: string): Promise<Principal> => {
    const principal = await runtime.authenticate(idToken);
    // A session is a person's; an API key in the cookie would turn a browser into that key.
    if (principal.actor.type !== 'user') throw new FacilFlowError('UNAUTHENTICATED', 'A web session needs a Firebase ID token');
    return principal;
  };

  return (cookieHeader) => {
    let session: Promise<WebSession> | undefined;
    const resolveSession = async (): Promise<WebSession> => {
      const token = readSessionCookie(cookieHeader);
      if (!token) return { kind: 'anonymous' };
      const outcome = await attempt(authenticatePerson(token));
      return outcome.ok ? { kind: 'signed-in', principal: outcome.value } : { kind: 'expired', reason: outcome.problem.message };
    };
    return {
      settings,
      session: () => (session ??= resolveSession()),
      invoke: (principal, name, input) => attempt(invokeOperation(runtime, principal, 'web', name, input)),
      startSession: (idToken) =>
        attempt(authenticatePerson(idToken).then((principal) => ({ principal, setCookie: sessionCookie(idToken, secure) }))),
      endSession: () => clearedSessionCookie(secure),
    };
  };
}

/** FacilFlowErrors become data; anything else is a bug and propagates to Remix's error handling. */
async function attempt<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (!isFacilFlowError(error)) throw error;
    return { ok: false, problem: { code: error.code, message: error.message, details: error.details ?? null } };
  }
}

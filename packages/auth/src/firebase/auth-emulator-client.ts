import { FacilFlowError, type ErrorCode } from '@facilflow/contracts';

export interface AuthEmulatorClientOptions {
  /** '127.0.0.1:PORT' as returned by startAuthEmulator or set in FIREBASE_AUTH_EMULATOR_HOST. */
  host: string;
  projectId: string;
  /** The emulator accepts any key; the real endpoints would require the web API key. */
  apiKey?: string;
}

export interface EmulatorSession {
  uid: string;
  idToken: string;
  refreshToken: string;
}

export interface AuthEmulatorClient {
  signUp(email: string, password: string): Promise<EmulatorSession>;
  signIn(email: string, password: string): Promise<EmulatorSession>;
  /** A fresh ID token, which carries the custom claims set since the last one. */
  refresh(refreshToken: string): Promise<string>;
  deleteAllUsers(): Promise<void>;
}

/**
 * What a browser's Firebase SDK does, over the emulator's REST API: the emulator serves
 * the Google endpoints under http://HOST/<google host>/..., plus its own /emulator/v1 API.
 */
export function createAuthEmulatorClient(options: AuthEmulatorClientOptions): AuthEmulatorClient {
  const base = `http://${options.host}`;
  const key = encodeURIComponent(options.apiKey ?? 'demo-api-key');

  const passwordSession = async (action: string, email: string, password: string, refusedAs: ErrorCode) => {
    const body = await call(
      action,
      `${base}/identitytoolkit.googleapis.com/v1/accounts:${action}?key=${key}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, returnSecureToken: true }) },
      refusedAs,
    );
    return { uid: field(body, 'localId'), idToken: field(body, 'idToken'), refreshToken: field(body, 'refreshToken') };
  };

  return {
    signUp: (email, password) => passwordSession('signUp', email, password, 'INVALID'),
    signIn: (email, password) => passwordSession('signInWithPassword', email, password, 'UNAUTHENTICATED'),
    async refresh(refreshToken) {
      const body = await call(
        'refresh',
        `${base}/securetoken.googleapis.com/v1/token?key=${key}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
        },
        'UNAUTHENTICATED',
      );
      return field(body, 'id_token');
    },
    async deleteAllUsers() {
      await call(
        'deleteAllUsers',
        `${base}/emulator/v1/projects/${encodeURIComponent(options.projectId)}/accounts`,
        { method: 'DELETE' },
        'INVALID',
      );
    },
  };
}

/** `refusedAs` is the code for a 400 answer, which means the request itself was refused. */
async function call(action: string, url: string, init: RequestInit, refusedAs: ErrorCode): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new FacilFlowError('UNAVAILABLE', `Auth emulator ${action}: cannot reach ${new URL(url).host} (${errorMessage(error)})`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body;
  const reason = emulatorErrorMessage(body) ?? `HTTP ${response.status}`;
  const code: ErrorCode = reason.startsWith('EMAIL_EXISTS') ? 'CONFLICT' : response.status === 400 ? refusedAs : 'UNAVAILABLE';
  throw new FacilFlowError(code, `Auth emulator ${action} failed: ${reason}`);
}

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') {
    throw new FacilFlowError('UNAVAILABLE', `Auth emulator answer has no "${name}"`);
  }
  return value;
}

/** Google APIs answer errors as { error: { message: 'EMAIL_EXISTS' | 'INVALID_PASSWORD : detail' ... } }. */
function emulatorErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
  return typeof error.message === 'string' ? error.message : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

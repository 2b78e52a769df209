import { FacilFlowError } from '@facilflow/contracts';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getAuth, type Auth } from 'firebase-admin/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthEmulatorClient,
  createFirebaseIdentity,
  startAuthEmulator,
  type AuthEmulator,
  type AuthEmulatorClient,
  type FirebaseIdentity,
} from '../../src/firebase/index.ts';
import { emulatorFirebaseConfig, PASSWORD, uniqueEmail } from './fixtures.ts';
import { jwtPayload, reshapedToken } from './unsigned-jwt.ts';

const PROJECT = 'demo-facilflow';

let emulator: AuthEmulator;
let client: AuthEmulatorClient;
let identity: FirebaseIdentity;
// Test-side admin access, for what FirebaseIdentity deliberately does not offer.
let adminApp: App;
let admin: Auth;

beforeAll(async () => {
  emulator = await startAuthEmulator({ projectId: PROJECT });
  client = createAuthEmulatorClient({ host: emulator.host, projectId: PROJECT });
  identity = createFirebaseIdentity(emulatorFirebaseConfig(PROJECT, emulator.host));
  adminApp = initializeApp({ projectId: PROJECT }, 'firebase-identity-test-admin');
  admin = getAuth(adminApp);
}, 120_000);

afterAll(async () => {
  await identity?.close();
  if (adminApp) await deleteApp(adminApp);
  await emulator?.stop();
});

async function refusal(token: string): Promise<FacilFlowError> {
  const error: unknown = await identity.verifyIdToken(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FacilFlowError)) throw new Error(`expected a FacilFlowError, got ${String(error)}`);
  return error;
}

describe('verifyIdToken in emulator mode', () => {
  it('verifies a signed-up user and returns who they are', async () => {
    const email = uniqueEmail('alice');
    const session = await client.signUp(email, PASSWORD);

    const verified = await identity.verifyIdToken(session.idToken);

    expect(verified).toEqual({
      uid: session.uid,
      email,
      emailVerified: false,
      tid: undefined,
      role: undefined,
      authTime: jwtPayload(session.idToken).auth_time,
    });
  });

  it('carries tenant claims after a refresh, keeps other claims, and null removes them', async () => {
    const session = await client.signUp(uniqueEmail('bob'), PASSWORD);
    await admin.setCustomUserClaims(session.uid, { plan: 'gold' });

    await identity.setTenantClaims(session.uid, { tid: 'tenant-a', role: 'engineer' });
    const withClaims = await identity.verifyIdToken(await client.refresh(session.refreshToken));
    expect(withClaims).toMatchObject({ uid: session.uid, tid: 'tenant-a', role: 'engineer' });
    expect((await admin.getUser(session.uid)).customClaims).toEqual({ plan: 'gold', tid: 'tenant-a', role: 'engineer' });

    await identity.setTenantClaims(session.uid, { tid: 'tenant-b', role: 'viewer' });
    const switched = await identity.verifyIdToken(await client.refresh(session.refreshToken));
    expect(switched).toMatchObject({ tid: 'tenant-b', role: 'viewer' });

    await identity.setTenantClaims(session.uid, null);
    const cleared = await identity.verifyIdToken(await client.refresh(session.refreshToken));
    expect(cleared).toMatchObject({ uid: session.uid, tid: undefined, role: undefined });
    expect((await admin.getUser(session.uid)).customClaims).toEqual({ plan: 'gold' });
  });

  it('accepts an unchanged re-encoding of a real token (control for the crafted tokens below)', async () => {
    const session = await client.signUp(uniqueEmail('control'), PASSWORD);

    await expect(identity.verifyIdToken(reshapedToken(session.idToken, {}))).resolves.toMatchObject({ uid: session.uid });
  });

  it.each(['not-a-jwt', '', 'a.b.c'])('refuses the malformed token %j', async (token) => {
    const error = await refusal(token);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/^ID token refused: /);
  });

  it('refuses a token issued for another project', async () => {
    const session = await client.signUp(uniqueEmail('other-project'), PASSWORD);
    const forOtherProject = reshapedToken(session.idToken, {
      aud: 'demo-other',
      iss: 'https://securetoken.google.com/demo-other',
    });

    const error = await refusal(forOtherProject);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/another Firebase project/);
  });

  it('refuses an expired token', async () => {
    const session = await client.signUp(uniqueEmail('expired'), PASSWORD);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const expired = reshapedToken(session.idToken, { auth_time: hourAgo - 60, iat: hourAgo - 60, exp: hourAgo });

    const error = await refusal(expired);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/expired/);
  });

  it('refuses a token issued before its refresh tokens were revoked, and accepts a new sign-in', async () => {
    const email = uniqueEmail('revoked');
    const session = await client.signUp(email, PASSWORD);
    // Revocation compares whole seconds: revoking in the sign-in second would not count.
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await identity.revokeRefreshTokens(session.uid);

    const error = await refusal(session.idToken);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/revoked/);
    // Whether or not the refresh itself is refused, nothing from the old session may verify.
    const fromOldSession = client.refresh(session.refreshToken).then((token) => identity.verifyIdToken(token));
    await expect(fromOldSession).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const again = await client.signIn(email, PASSWORD);
    await expect(identity.verifyIdToken(again.idToken)).resolves.toMatchObject({ uid: session.uid });
  });

  it('refuses the token of a disabled user', async () => {
    const session = await client.signUp(uniqueEmail('disabled'), PASSWORD);
    await admin.updateUser(session.uid, { disabled: true });

    const error = await refusal(session.idToken);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/disabled/);
  });

  it('refuses the token of a deleted user', async () => {
    const session = await client.signUp(uniqueEmail('deleted'), PASSWORD);
    await admin.deleteUser(session.uid);

    const error = await refusal(session.idToken);

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/no longer exists/);
  });

  it('never exposes firebase-admin internals in the refusal', async () => {
    const error = await refusal('not-a-jwt');

    expect(error.message).not.toMatch(/firebase\.google\.com|See https/);
    expect(error.details).toEqual({ firebaseCode: 'auth/argument-error' });
  });
});

describe('user administration', () => {
  it('finds a user by email, and answers null for an unknown email', async () => {
    const email = uniqueEmail('carol');
    const session = await client.signUp(email, PASSWORD);

    await expect(identity.getUserByEmail(email)).resolves.toEqual({ uid: session.uid, email });
    await expect(identity.getUserByEmail(uniqueEmail('nobody'))).resolves.toBeNull();
  });

  it('answers NOT_FOUND when setting claims or revoking for an unknown user', async () => {
    await expect(identity.setTenantClaims('no-such-uid', { tid: 't', role: 'viewer' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(identity.revokeRefreshTokens('no-such-uid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets several identities coexist in one process and closes each on its own', async () => {
    const second = createFirebaseIdentity(emulatorFirebaseConfig(PROJECT, emulator.host));
    const session = await client.signUp(uniqueEmail('dave'), PASSWORD);

    await expect(second.verifyIdToken(session.idToken)).resolves.toMatchObject({ uid: session.uid });
    await second.close();
    await expect(identity.verifyIdToken(session.idToken)).resolves.toMatchObject({ uid: session.uid });
  });
});

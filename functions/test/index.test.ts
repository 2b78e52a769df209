import { FirestoreServer } from '@firestore-emulator/server';
import { createFirestoreDirectory } from '@facilflow/auth/directory';
import type { TenantDirectory } from '@facilflow/auth/directory';
import { startAuthEmulator } from '@facilflow/auth/firebase';
import type { AuthEmulator } from '@facilflow/auth/firebase';
import { freePort } from '@facilflow/testkit';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import type { Auth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import type { Firestore } from 'firebase-admin/firestore';
import functionsTest from 'firebase-functions-test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onUserCreated, onUserDeleted } from '../src/index.ts';

// A demo- project: firebase-admin then needs no credentials and talks only to the
// emulators, and the Firebase identity refuses the Auth emulator for any other project.
const PROJECT = 'demo-facilflow-functions';

let firestoreServer: FirestoreServer;
let authEmulator: AuthEmulator;
let testEnv: ReturnType<typeof functionsTest>;
/**
 * testEnv.wrap for a v1 function. firebase-functions-test, at the root, type-checks against
 * the firebase-functions 7 that npm hoisted there as its peer, while functions/ runs 6:
 * the runtime shape wrap() relies on (run, __endpoint) is the same, only the types differ.
 */
let wrapV1: (cloudFunction: unknown) => (user: unknown) => Promise<unknown>;
let adminApp: App;
let admin: Auth;
let firestore: Firestore;
let directory: TenantDirectory;

beforeAll(async () => {
  firestoreServer = new FirestoreServer();
  const firestorePort = await freePort();
  [, authEmulator] = await Promise.all([firestoreServer.start(firestorePort), startAuthEmulator({ projectId: PROJECT })]);
  // This file runs in its own process; the deployed functions read the same variables.
  process.env.FIRESTORE_EMULATOR_HOST = `127.0.0.1:${firestorePort}`;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = authEmulator.host;
  // Without credentials the Firestore client looks for Google's metadata server, off this machine.
  process.env.METADATA_SERVER_DETECTION = 'none';
  testEnv = functionsTest({ projectId: PROJECT });
  wrapV1 = testEnv.wrap as typeof wrapV1;
  adminApp = initializeApp({ projectId: PROJECT }, 'functions-index-test');
  admin = getAuth(adminApp);
  firestore = getFirestore(adminApp);
  directory = createFirestoreDirectory(firestore);
});

afterAll(async () => {
  testEnv?.cleanup();
  await firestore?.terminate();
  if (adminApp) await deleteApp(adminApp);
  await authEmulator?.stop();
  firestoreServer?.stop();
});

describe('exported Cloud Functions, wired to the Firestore directory', () => {
  it('onUserCreated joins the inviting tenant, sets the claims and creates the profile; onUserDeleted removes it', async () => {
    await directory.createTenant({ id: 'acme', name: 'Acme', slug: 'acme', createdBy: 'uid-ann' }, { uid: 'uid-ann', email: null });
    await directory.createInvite({
      id: 'inv-bob',
      tenantId: 'acme',
      email: 'Bob@Example.test',
      role: 'engineer',
      invitedBy: 'uid-ann',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const user = await admin.createUser({ email: 'bob@example.test', emailVerified: true, displayName: 'Bob' });

    await wrapV1(onUserCreated)(user);

    expect(await directory.getMember('acme', user.uid)).toMatchObject({ role: 'engineer', email: 'bob@example.test' });
    expect((await admin.getUser(user.uid)).customClaims).toEqual({ tid: 'acme', role: 'engineer' });
    expect(await directory.getProfile(user.uid)).toEqual({
      uid: user.uid,
      email: 'bob@example.test',
      displayName: 'Bob',
      activeTenantId: 'acme',
    });

    await wrapV1(onUserDeleted)(user);

    expect(await directory.getProfile(user.uid)).toBeNull();
  });
});

import { createPostgresDirectory } from '@facilflow/auth/directory';
import type { TenantDirectory } from '@facilflow/auth/directory';
import { createFirebaseIdentity, startAuthEmulator } from '@facilflow/auth/firebase';
import type { AuthEmulator, FirebaseIdentity } from '@facilflow/auth/firebase';
import { createTestDatabase, testDatabaseKind } from '@facilflow/testkit';
import type { TestDatabase } from '@facilflow/testkit';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import type { App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import type { Auth } from 'firebase-admin/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleUserCreated } from '../src/handle-user-created.ts';
import type { UserCreatedDependencies } from '../src/handle-user-created.ts';
import { handleUserDeleted } from '../src/handle-user-deleted.ts';

const PROJECT = 'demo-facilflow-functions';
const DAY = 86_400_000;

let database: TestDatabase;
let emulator: AuthEmulator;
let identity: FirebaseIdentity;
let adminApp: App;
let admin: Auth;
let directory: TenantDirectory;
let deps: UserCreatedDependencies;
let counter = 0;

beforeAll(async () => {
  [database, emulator] = await Promise.all([createTestDatabase(), startAuthEmulator({ projectId: PROJECT })]);
  identity = createFirebaseIdentity({ projectId: PROJECT, webApiKey: 'demo-api-key', emulator: { host: emulator.host }, firestoreEmulatorHost: undefined });
  adminApp = initializeApp({ projectId: PROJECT }, 'handle-user-created-test');
  admin = getAuth(adminApp);
  directory = createPostgresDirectory(database.db);
  deps = { directory, claims: identity, now: () => new Date() };
});

afterAll(async () => {
  await identity?.close();
  if (adminApp) await deleteApp(adminApp);
  await emulator?.stop();
  await database?.drop();
});

/** Each test gets its own tenants and users in the shared database and emulator. */
function fresh(label: string) {
  counter++;
  const id = (name: string) => `${name}-${label}-${counter}`;
  return { id, email: `${label}-${counter}@Example.test` };
}

async function tenantInviting(id: string, email: string, role: 'admin' | 'viewer' = 'viewer', expiresAt = new Date(Date.now() + DAY)) {
  await directory.createTenant({ id, name: id, slug: id, createdBy: `founder-${id}` }, { uid: `founder-${id}`, email: null });
  await directory.createInvite({ id: `inv-${id}`, tenantId: id, email, role, invitedBy: `founder-${id}`, expiresAt });
}

describe(`handleUserCreated with the postgres directory (${testDatabaseKind()}) and the Auth emulator`, () => {
  it('joins every inviting tenant and makes the earliest invite the active tenant, keeping other claims', async () => {
    const { id, email } = fresh('ann');
    await tenantInviting(id('first'), email, 'admin');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tenantInviting(id('second'), email.toLowerCase(), 'viewer');
    const user = await admin.createUser({ email, emailVerified: true, displayName: 'Ann' });
    await admin.setCustomUserClaims(user.uid, { plan: 'gold' });

    const outcome = await handleUserCreated(user, deps);

    expect(outcome).toEqual({ joinedTenantIds: [id('first'), id('second')], activeTenantId: id('first') });
    expect((await admin.getUser(user.uid)).customClaims).toEqual({ plan: 'gold', tid: id('first'), role: 'admin' });
    expect(await directory.getProfile(user.uid)).toEqual({
      uid: user.uid,
      email: email.toLowerCase(),
      displayName: 'Ann',
      activeTenantId: id('first'),
    });
    expect((await directory.listMembershipsForUser(user.uid)).map((m) => [m.tenant.id, m.role])).toEqual([
      [id('first'), 'admin'],
      [id('second'), 'viewer'],
    ]);
  });

  it('lands in the same state when the event is delivered twice', async () => {
    const { id, email } = fresh('bob');
    await tenantInviting(id('acme'), email, 'admin');
    const user = await admin.createUser({ email, emailVerified: true });

    await handleUserCreated(user, deps);
    await admin.setCustomUserClaims(user.uid, {});
    const again = await handleUserCreated(user, deps);

    expect(again).toEqual({ joinedTenantIds: [], activeTenantId: id('acme') });
    expect((await admin.getUser(user.uid)).customClaims).toEqual({ tid: id('acme'), role: 'admin' });
    expect(await directory.getProfile(user.uid)).toMatchObject({ activeTenantId: id('acme') });
  });

  it('accepts nothing for an unverified email, so a sign-up cannot take someone else\'s invite', async () => {
    const { id, email } = fresh('cat');
    await tenantInviting(id('acme'), email);
    const user = await admin.createUser({ email, emailVerified: false });

    expect(await handleUserCreated(user, deps)).toEqual({ joinedTenantIds: [], activeTenantId: null });
    expect((await admin.getUser(user.uid)).customClaims).toBeUndefined();
    expect(await directory.getProfile(user.uid)).toMatchObject({ activeTenantId: null });
    expect(await directory.listPendingInvitesForEmail(email, new Date())).toHaveLength(1);
  });

  it('ignores expired invites and still creates the profile', async () => {
    const { id, email } = fresh('dan');
    await tenantInviting(id('acme'), email, 'viewer', new Date(Date.now() - DAY));
    const user = await admin.createUser({ email, emailVerified: true });

    expect(await handleUserCreated(user, deps)).toEqual({ joinedTenantIds: [], activeTenantId: null });
    expect(await directory.getProfile(user.uid)).toEqual({ uid: user.uid, email: email.toLowerCase(), displayName: null, activeTenantId: null });
    expect(await directory.getMember(id('acme'), user.uid)).toBeNull();
  });

  it('creates a profile for a user without an email', async () => {
    const user = await admin.createUser({ phoneNumber: '+15555550100' });

    expect(await handleUserCreated(user, deps)).toEqual({ joinedTenantIds: [], activeTenantId: null });
    expect(await directory.getProfile(user.uid)).toEqual({ uid: user.uid, email: null, displayName: null, activeTenantId: null });
  });
});

describe('handleUserDeleted', () => {
  it("removes the user's profile", async () => {
    const user = await admin.createUser({ email: `${fresh('eve').email}` });
    await handleUserCreated(user, deps);

    expect(await handleUserDeleted(user, { directory })).toBe(true);
    expect(await directory.getProfile(user.uid)).toBeNull();
    expect(await handleUserDeleted(user, { directory })).toBe(false);
  });
});

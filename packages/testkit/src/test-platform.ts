import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@facilflow/config';
import { createAuthEmulatorClient, type AuthEmulatorClient } from '@facilflow/auth/firebase';
import type { Front, Role } from '@facilflow/contracts';
import { createApiKey } from '@facilflow/core';
import { createPlatform, type Platform } from '@facilflow/platform';
import { type Principal } from '@facilflow/contracts';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestUser {
  uid: string;
  email: string;
  /** A fresh ID token carrying the claims set so far. */
  idToken(): Promise<string>;
}

export interface TestTenant {
  tenantId: string;
  owner: TestUser;
  ownerPrincipal: Principal;
}

export interface TestPlatform {
  platform: Platform;
  runtime: Runtime;
  database: TestDatabase;
  auth: AuthEmulatorClient;
  signUp(email?: string): Promise<TestUser>;
  /** What clicking the link in a verification email does. */
  markEmailVerified(uid: string): Promise<void>;
  /** A tenant created the way a person creates one: through tenants.create. */
  createTenant(name?: string): Promise<TestTenant>;
  /** A member with this role in the tenant, as a principal (for calling the registry directly). */
  memberPrincipal(tenantId: string, role: Role): Promise<Principal>;
  apiKey(tenantId: string, role: 'admin' | 'engineer' | 'operator' | 'viewer' | 'service'): Promise<string>;
  call(principal: Principal, name: string, input?: unknown, via?: Front): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The real platform over a scratch database (PGlite, or PostgreSQL with FF_TEST_DATABASE_URL)
 * and the Auth emulator started by the global setup. Nothing in it is a mock.
 */
export async function createTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const host = process.env.FF_TEST_AUTH_EMULATOR_HOST;
  const projectId = process.env.FF_TEST_PROJECT_ID;
  if (!host || !projectId) throw new Error('The Auth emulator is not running: run tests through vitest (test/global-setup.ts)');
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    FACILFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ff-test-')),
    FACILFLOW_SECRET: randomBytes(32).toString('hex'),
    FIREBASE_PROJECT_ID: projectId,
    FIREBASE_AUTH_EMULATOR_HOST: host,
    FACILFLOW_MQTT_PORT: '0',
    ...env,
  });
  const platform = await createPlatform(config, { db: database.db, startBroker: true });
  const runtime = createOperationsRuntime(platform);
  const auth = createAuthEmulatorClient({ host, projectId });
  const admin = initializeApp({ projectId }, `facilflow-testkit-${randomBytes(6).toString('hex')}`);

  const signUp = async (email = `user-${randomBytes(6).toString('hex')}@example.test`): Promise<TestUser> => {
    const session = await auth.signUp(email, 'correct-horse-battery');
    return { uid: session.uid, email, idToken: () => auth.refresh(session.refreshToken) };
  };
  const call = (principal: Principal, name: string, input: unknown = {}, via: Front = 'system') =>
    runtime.invoke(principal, via, name, input);

  return {
    platform,
    runtime,
    database,
    auth,
    signUp,
    call,
    async markEmailVerified(uid) {
      await getAuth(admin).updateUser(uid, { emailVerified: true });
    },
    async createTenant(name = `Plant ${randomBytes(3).toString('hex')}`) {
      const owner = await signUp();
      const anonymous: Principal = { actor: { type: 'user', uid: owner.uid, email: owner.email }, tenantId: null, role: null };
      const created = (await call(anonymous, 'tenants.create', { name })) as { tenant: { id: string } };
      const ownerPrincipal: Principal = { ...anonymous, tenantId: created.tenant.id, role: 'owner' };
      return { tenantId: created.tenant.id, owner, ownerPrincipal };
    },
    async memberPrincipal(tenantId, role) {
      const uid = `uid-${role}-${randomBytes(6).toString('hex')}`;
      const email = `${uid}@example.test`;
      await platform.services.directory.addMember(tenantId, { uid, email, role });
      return { actor: { type: 'user', uid, email }, tenantId, role };
    },
    async apiKey(tenantId, role) {
      const { secret } = await createApiKey(platform.services, { tenantId, role: 'owner', actor: { type: 'system', name: 'test' } }, { name: `test ${role}`, role });
      return secret;
    },
    async close() {
      await deleteApp(admin);
      await platform.close();
      await database.drop();
      // Vite's dependency optimizer can still be writing its cache when the server has closed.
      rmSync(config.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

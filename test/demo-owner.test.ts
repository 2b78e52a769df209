import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFirebaseIdentity } from '@facilflow/auth/firebase';
import { loadConfig } from '@facilflow/config';
import { afterAll, describe, expect, it } from 'vitest';
import { demoOwnerUid } from '../scripts/start/demo-files.ts';
import { ensureEmulatorAccount, LEGACY_DEMO_OWNER_UID } from '../scripts/start/emulator-accounts.ts';
import { exposureNotice } from '../scripts/start/exposure-notice.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const dataDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ff-demo-owner-'));
  dirs.push(dir);
  return dir;
};

const host = process.env.FF_TEST_AUTH_EMULATOR_HOST ?? '';
// A project of its own on the shared emulator, so the legacy account made here meets no other test.
const projectId = `demo-owner-${randomBytes(4).toString('hex')}`;
const accounts = `http://${host}/identitytoolkit.googleapis.com/v1/projects/${projectId}`;

async function admin(path: string, body: unknown): Promise<{ users?: Array<{ localId: string }> }> {
  const response = await fetch(`${accounts}/${path}`, { method: 'POST', headers: { authorization: 'Bearer owner', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { users?: Array<{ localId: string }> };
}

/** What anyone can send an emulator-mode server: an unsigned ID token naming any uid. */
function unsignedToken(uid: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({
    iss: `https://securetoken.google.com/${projectId}`,
    aud: projectId,
    sub: uid,
    user_id: uid,
    auth_time: now,
    iat: now,
    exp: now + 3600,
  })}.`;
}

describe('the demo owner', () => {
  it('has a random uid per data dir, made once and kept under it', async () => {
    const [a, b] = [await dataDir(), await dataDir()];
    const uid = demoOwnerUid(a);
    expect(uid).not.toBe(LEGACY_DEMO_OWNER_UID);
    expect(uid).toMatch(/^demo-owner-[0-9a-f]{32}$/);
    expect(demoOwnerUid(a)).toBe(uid);
    expect((await readFile(join(a, 'demo-owner-uid'), 'utf8')).trim()).toBe(uid);
    expect(demoOwnerUid(b)).not.toBe(uid);
  });

  it('replaces the legacy "demo-owner" account, so an unsigned token naming it is no longer accepted', async () => {
    const email = 'demo@facilflow.local';
    await admin('accounts', { localId: LEGACY_DEMO_OWNER_UID, email, password: 'old-password' });
    const identity = createFirebaseIdentity(loadConfig({ FIREBASE_PROJECT_ID: projectId, FIREBASE_AUTH_EMULATOR_HOST: host }).firebase);
    try {
      await expect(identity.verifyIdToken(unsignedToken(LEGACY_DEMO_OWNER_UID))).resolves.toMatchObject({ uid: LEGACY_DEMO_OWNER_UID });

      const uid = demoOwnerUid(await dataDir());
      expect(await ensureEmulatorAccount(host, projectId, { uid, email, password: 'new-password', displayName: 'Demo Owner' })).toEqual({ uid });

      expect((await admin('accounts:lookup', { localId: [LEGACY_DEMO_OWNER_UID] })).users ?? []).toEqual([]);
      await expect(identity.verifyIdToken(unsignedToken(LEGACY_DEMO_OWNER_UID))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    } finally {
      await identity.close();
    }
  });
});

describe('npm start with the Auth emulator', () => {
  it('says it listens on loopback only, and why', () => {
    expect(exposureNotice(loadConfig({ FACILFLOW_HOST: '0.0.0.0' }))).toMatch(/Loopback only: the server listens on 127\.0\.0\.1.*tokens are unsigned.*FACILFLOW_HTTP_HOST=0\.0\.0\.0/);
  });

  it('warns when FACILFLOW_HTTP_HOST exposes it', () => {
    expect(exposureNotice(loadConfig({ FACILFLOW_HTTP_HOST: '0.0.0.0' }))).toMatch(/Exposed: the server listens on 0\.0\.0\.0/);
  });

  it('says nothing for a real Firebase project', () => {
    expect(exposureNotice(loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', FIREBASE_WEB_API_KEY: 'k' }))).toBeNull();
  });
});

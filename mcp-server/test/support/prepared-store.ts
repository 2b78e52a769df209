import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthEmulatorClient } from '@facilflow/auth/firebase';
import { loadConfig } from '@facilflow/config';
import type { ApiKeyRole } from '@facilflow/contracts';
import { createPlatform } from '@facilflow/platform';
import { type Principal } from '@facilflow/contracts';
import { createOperationsRuntime } from '@facilflow/operations';
import { createTestPlatform, testDatabaseKind } from '@facilflow/testkit';

/** A tenant and an API key in a store that another process (the spawned bin) can open. */
export interface PreparedStore {
  /** What a FacilFlow process needs to open the same store and verify tokens with the same emulator. */
  env: Record<string, string>;
  tenantId: string;
  apiKey: string;
  close(): Promise<void>;
}

/**
 * On PostgreSQL (FF_TEST_DATABASE_URL) the test platform's scratch database is shared as is.
 * On PGlite the test platform lives in memory, so a data directory is prepared here and closed
 * again before returning: PGlite admits one process at a time.
 */
/** `automation`: the key is one an admin created for automation, which confirms its own destructive calls. */
export async function prepareStore(role: ApiKeyRole, options: { automation?: boolean } = {}): Promise<PreparedStore> {
  const automation = options.automation ?? false;
  const host = process.env.FF_TEST_AUTH_EMULATOR_HOST;
  const projectId = process.env.FF_TEST_PROJECT_ID;
  if (!host || !projectId) throw new Error('The Auth emulator is not running: run tests through vitest (test/global-setup.ts)');
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-mcp-store-'));
  const firebase = { FIREBASE_PROJECT_ID: projectId, FIREBASE_AUTH_EMULATOR_HOST: host };
  const removeDataDir = async () => rmSync(dataDir, { recursive: true, force: true });

  if (testDatabaseKind() === 'postgres') {
    const t = await createTestPlatform();
    const { tenantId, ownerPrincipal } = await t.createTenant();
    const { secret: apiKey } = (await t.call(ownerPrincipal, 'apiKeys.create', { name: 'stdio test', role, automation })) as { secret: string };
    const url = t.database.url;
    if (!url) throw new Error('The PostgreSQL test database has no URL');
    return {
      env: { ...firebase, FACILFLOW_DATA_DIR: dataDir, DATABASE_URL: url },
      tenantId,
      apiKey,
      close: async () => {
        await t.close();
        await removeDataDir();
      },
    };
  }

  const env = { ...firebase, FACILFLOW_DATA_DIR: dataDir };
  const platform = await createPlatform(loadConfig({ NODE_ENV: 'test', ...env }));
  try {
    const runtime = createOperationsRuntime(platform);
    const email = `owner-${randomBytes(6).toString('hex')}@example.test`;
    const owner = await createAuthEmulatorClient({ host, projectId }).signUp(email, 'correct-horse-battery');
    const person: Principal = { actor: { type: 'user', uid: owner.uid, email }, tenantId: null, role: null };
    const { tenant } = (await runtime.invoke(person, 'system', 'tenants.create', { name: 'Stdio Plant' })) as { tenant: { id: string } };
    const created = await runtime.invoke({ ...person, tenantId: tenant.id, role: 'owner' }, 'system', 'apiKeys.create', { name: 'stdio test', role, automation });
    return { env, tenantId: tenant.id, apiKey: (created as { secret: string }).secret, close: removeDataDir };
  } finally {
    await platform.close();
  }
}

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '@facilflow/config';
import { createPlatform } from '@facilflow/platform';
import { createOperationsRuntime, operations } from '@facilflow/operations';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/facilflow.mjs', import.meta.url));
const run = promisify(execFile);

let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv & Record<string, string>;

beforeAll(async () => {
  env = {
    NODE_ENV: 'test',
    PATH: process.env.PATH ?? '',
    FACILFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'ff-cli-')),
    FIREBASE_PROJECT_ID: process.env.FF_TEST_PROJECT_ID!,
    FIREBASE_AUTH_EMULATOR_HOST: process.env.FF_TEST_AUTH_EMULATOR_HOST!,
  };
  // On PostgreSQL the CLI gets its own scratch database; on PGlite it uses the data dir.
  if (process.env.FF_TEST_DATABASE_URL) {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url!;
  }
});
afterAll(() => database?.drop());

const cli = async (...args: string[]) => (await run(process.execPath, [bin, ...args], { env })).stdout;

describe('facilflow CLI', () => {
  it('lists every operation with its effect and permission', async () => {
    const listed = JSON.parse(await cli('ops')) as Array<{ name: string; effect: string; permission: string }>;
    expect(listed.map((o) => o.name).sort()).toEqual(operations.map((o) => o.name).sort());
    expect(listed.find((o) => o.name === 'apiKeys.revoke')).toMatchObject({ effect: 'destructive', permission: 'delete:ApiKey' });
  });

  it('bootstraps a tenant and an API key that then works on every front', async () => {
    const created = JSON.parse(await cli('tenant', 'create', 'Bootstrap Foods', '--owner', `boss-${Date.now()}@example.test`)) as {
      tenant: { id: string; name: string };
      role: string;
      owner: { accountCreated: boolean };
    };
    expect(created).toMatchObject({ tenant: { name: 'Bootstrap Foods' }, role: 'owner', owner: { accountCreated: true } });
    const issued = JSON.parse(await cli('apikey', 'create', '--tenant', created.tenant.id, '--role', 'service', '--name', 'ci')) as {
      secret: string;
      apiKey: { role: string; tenantId: string };
    };
    expect(issued.apiKey).toMatchObject({ role: 'service', tenantId: created.tenant.id });

    const platform = await createPlatform(loadConfig(env));
    try {
      const runtime = createOperationsRuntime(platform);
      const principal = await runtime.authenticate(issued.secret);
      expect(principal).toMatchObject({ tenantId: created.tenant.id, role: 'service' });
      const audit = await runtime.invoke({ ...principal, role: 'owner' }, 'system', 'audit.list', {});
      expect((audit as { items: Array<{ front: string; operation: string; actorId: string }> }).items.map((r) => [r.front, r.operation, r.actorId])).toContainEqual([
        'cli',
        'apiKeys.create',
        'system:cli',
      ]);
    } finally {
      await platform.close();
    }
  });

  it('refuses an unknown tenant and bad usage with a clear message', async () => {
    await expect(cli('apikey', 'create', '--tenant', 't_nope', '--role', 'service')).rejects.toMatchObject({ stderr: expect.stringContaining('No tenant t_nope') });
    await expect(cli('tenant', 'create')).rejects.toMatchObject({ stderr: expect.stringContaining('Usage') });
    await expect(cli('apikey', 'create', '--tenant', 't_nope', '--role', 'owner')).rejects.toMatchObject({ stderr: expect.stringMatching(/No tenant|INVALID/) });
  });
});

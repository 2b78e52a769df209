import { createRegistry, mayUse, operations, toolName } from '@facilflow/operations';
import { inDefaultToolset } from '@facilflow/operations/mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, type StdioSession } from './support/bin.ts';
import { apiKeyId, callTool, toolError } from './support/mcp-clients.ts';
import { prepareStore, type PreparedStore } from './support/prepared-store.ts';

let store: PreparedStore;
let stdio: StdioSession;

beforeAll(async () => {
  store = await prepareStore('admin');
  stdio = await connectStdio({ ...store.env, FACILFLOW_API_KEY: store.apiKey }, ['--read-only']);
});
afterAll(async () => {
  await stdio?.client.close();
  await store?.close();
});

describe('stdio with --read-only and the default toolset', () => {
  it('lists the default toolset\'s reads an admin key may use, and no write', async () => {
    const principal = { actor: { type: 'apiKey' as const, keyId: apiKeyId(store.apiKey), name: 'stdio test' }, tenantId: store.tenantId, role: 'admin' as const };
    const expected = createRegistry(operations)
      .list()
      .filter((op) => mayUse(principal, op) && inDefaultToolset(op) && op.effect === 'read')
      .map((op) => toolName(op.name));
    const { tools } = await stdio.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.sort());
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('refuses a write sent by name, and the key is still there', async () => {
    const refused = toolError(await callTool(stdio.client, 'apiKeys_revoke', { id: apiKeyId(store.apiKey) }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('read-only') });
    const still = await callTool(stdio.client, 'tenants_get');
    expect(still.isError, stdio.stderr()).toBeFalsy();
  });
});

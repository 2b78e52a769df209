import { createRegistry, mayUse, operations, toolName } from '@facilflow/operations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, type StdioSession } from './support/bin.ts';
import { apiKeyId, callTool, toolError } from './support/mcp-clients.ts';
import { prepareStore, type PreparedStore } from './support/prepared-store.ts';

let store: PreparedStore;
let stdio: StdioSession;

beforeAll(async () => {
  // An automation key, so it may confirm revoking itself without waiting for a person.
  store = await prepareStore('admin', { automation: true });
  stdio = await connectStdio({ ...store.env, FACILFLOW_API_KEY: store.apiKey }, ['--toolsets', 'all']);
});
afterAll(async () => {
  // The server exits when its stdin closes; only then may the store be removed.
  await stdio?.client.close();
  await store?.close();
});

describe('stdio, in-process', () => {
  it('lists exactly the operations an admin key may use', async () => {
    const principal = { actor: { type: 'apiKey' as const, keyId: apiKeyId(store.apiKey), name: 'stdio test' }, tenantId: store.tenantId, role: 'admin' as const };
    const expected = createRegistry(operations).list().filter((op) => mayUse(principal, op)).map((op) => toolName(op.name));
    const { tools } = await stdio.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.sort());
  });

  it('calls tenants_get for the key\'s tenant', async () => {
    const result = await callTool(stdio.client, 'tenants_get');
    expect(result.isError, stdio.stderr()).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ tenant: { id: store.tenantId }, role: 'admin' });
  });

  it('refuses the very next call once its own key is revoked', async () => {
    const { confirmationToken } = toolError(await callTool(stdio.client, 'apiKeys_revoke', { id: apiKeyId(store.apiKey) }));
    const revoked = await callTool(stdio.client, 'apiKeys_revoke', { id: apiKeyId(store.apiKey), confirmationToken });
    expect(revoked.isError, JSON.stringify(revoked)).toBeFalsy();
    expect(toolError(await callTool(stdio.client, 'tenants_get'))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

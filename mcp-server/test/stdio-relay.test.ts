import type { TestTenant } from '@facilflow/testkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, runBin, type StdioSession } from './support/bin.ts';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { apiKeyId, callTool, toolError } from './support/mcp-clients.ts';

let http: HttpFixture;
let tenant: TestTenant;
let key: string;
let direct: Client;
let relay: StdioSession;

beforeAll(async () => {
  http = await startHttpFixture();
  tenant = await http.t.createTenant('Relay Plant');
  key = await http.t.apiKey(tenant.tenantId, 'admin');
  direct = await http.connect(key);
  relay = await connectStdio({ FACILFLOW_URL: http.origin, FACILFLOW_API_KEY: key }, ['--toolsets', 'all']);
});
afterAll(async () => {
  await relay?.client.close();
  await http?.close();
});

describe('stdio, relayed to the HTTP server', () => {
  it('lists exactly the tools the HTTP server lists for the key', async () => {
    const [relayed, served] = await Promise.all([relay.client.listTools(), direct.listTools()]);
    expect(relayed.tools.length).toBeGreaterThan(0);
    expect(relayed.tools).toEqual(served.tools);
  });

  it('passes a call\'s result through unchanged', async () => {
    const [relayed, served] = await Promise.all([callTool(relay.client, 'tenants_get'), callTool(direct, 'tenants_get')]);
    expect(relayed.structuredContent).toMatchObject({ tenant: { id: tenant.tenantId }, role: 'admin' });
    expect(relayed).toEqual(served);
  });

  it('passes errors through as isError results, and a destructive call waits for a person through it', async () => {
    const missing = { id: 'nokeyhasthisid00' };
    const [relayed, served] = await Promise.all([callTool(relay.client, 'apiKeys_revoke', missing), callTool(direct, 'apiKeys_revoke', missing)]);
    expect(relayed).toEqual(served);
    expect(toolError(relayed)).toMatchObject({ code: 'NOT_FOUND' });

    const victim = apiKeyId(await http.t.apiKey(tenant.tenantId, 'viewer'));
    const asked = toolError(await callTool(relay.client, 'apiKeys_revoke', { id: victim }));
    expect(asked).toMatchObject({ code: 'PENDING_APPROVAL', approvalId: expect.any(String) });
    const person = await http.t.memberPrincipal(tenant.tenantId, 'admin');
    const decided = (await http.t.call(person, 'approvals.approve', { id: asked.approvalId }, 'web')) as { approval: { status: string; result: unknown } };
    expect(decided.approval).toMatchObject({ status: 'applied', result: { apiKey: { id: victim, revokedAt: expect.any(String) } } });
  });

  it('will not start with a key the server refuses, and says which variable is wrong', async () => {
    const run = await runBin([], { FACILFLOW_URL: http.origin, FACILFLOW_API_KEY: `ffk_${'a'.repeat(16)}_${'b'.repeat(43)}` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FACILFLOW_API_KEY was refused');
    expect(run.stdout).toBe('');
  });
});

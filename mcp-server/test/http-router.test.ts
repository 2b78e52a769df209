import { operationTool, toolName } from '@facilflow/operations';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { callTool, postInitialize, resultJson, toolError } from './support/mcp-clients.ts';
import { revokeKey } from './support/revoke-key.ts';

let http: HttpFixture;
let t: TestPlatform;
let tenant: TestTenant;
let url: URL;

beforeAll(async () => {
  http = await startHttpFixture();
  ({ t, url } = http);
  tenant = await t.createTenant('HTTP Plant');
});
afterAll(() => http?.close());

const connect = (bearer: string) => http.connect(bearer);

/** The tools this bearer should see: the registry's operations its principal may use, and nothing else. */
async function expectToolsFor(bearer: string) {
  const expected = t.runtime.available(await t.runtime.authenticate(bearer));
  const { tools } = await (await connect(bearer)).listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(expected.map((op) => toolName(op.name)).sort());
  for (const op of expected) {
    const tool = tools.find((candidate) => candidate.name === toolName(op.name));
    expect(tool, op.name).toMatchObject({
      title: op.title,
      description: op.description,
      annotations: { readOnlyHint: op.effect === 'read', destructiveHint: op.effect === 'destructive' },
    });
    expect(tool?.inputSchema, op.name).toEqual(operationTool(op).inputSchema);
    expect(tool?.outputSchema, op.name).toEqual(operationTool(op).outputSchema);
  }
  return tools;
}

describe('MCP over Streamable HTTP', () => {
  it('lists exactly the operations an admin key may use, with hints and schemas from their definitions', async () => {
    const tools = await expectToolsFor(await t.apiKey(tenant.tenantId, 'admin'));
    expect(tools.map((tool) => tool.name)).toContain('apiKeys_create');
    const revoke = tools.find((tool) => tool.name === 'apiKeys_revoke');
    expect(revoke?.inputSchema.properties).toHaveProperty('confirmationToken');
  });

  it('gives a viewer key only what a viewer may use: no apiKeys_create', async () => {
    const tools = await expectToolsFor(await t.apiKey(tenant.tenantId, 'viewer'));
    expect(tools.map((tool) => tool.name)).not.toContain('apiKeys_create');
    expect(tools.map((tool) => tool.name)).toContain('tenants_get');
  });

  it('refuses a viewer key that calls apiKeys_create anyway, and creates nothing', async () => {
    const client = await connect(await t.apiKey(tenant.tenantId, 'viewer'));
    const count = async () => ((await t.call(tenant.ownerPrincipal, 'apiKeys.list')) as { apiKeys: unknown[] }).apiKeys.length;
    const before = await count();
    const refused = toolError(await callTool(client, 'apiKeys_create', { name: 'sneaky', role: 'admin' }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    expect(await count()).toBe(before);
  });

  it('accepts a person\'s Firebase ID token as the bearer too', async () => {
    const tools = await expectToolsFor(await tenant.owner.idToken());
    expect(tools.map((tool) => tool.name)).toContain('tenants_create');
  });

  it('calls tenants_get for the key\'s own tenant', async () => {
    const client = await connect(await t.apiKey(tenant.tenantId, 'viewer'));
    const result = await callTool(client, 'tenants_get');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ tenant: { id: tenant.tenantId, name: 'HTTP Plant' }, role: 'viewer' });
    expect(resultJson(result)).toEqual(result.structuredContent);
  });

  describe('refuses a missing or bad credential with 401 and a Bearer challenge', () => {
    const expectRefused = async (headers: Record<string, string>) => {
      const metadata = new URL('/.well-known/oauth-protected-resource/mcp', t.runtime.services.publicUrl).href;
      const res = await postInitialize(url, headers);
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge.startsWith(`Bearer realm="facilflow", resource_metadata="${metadata}"`), challenge).toBe(true);
      if (headers.authorization) expect(challenge).toMatch(/, error="invalid_token", error_description="[^"]+"$/);
      else expect(challenge).not.toContain('error=');
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('Unauthorized') }, id: null });
    };

    it('without an Authorization header', () => expectRefused({}));
    it('with a malformed API key', () => expectRefused({ authorization: 'Bearer ffk_nonsense' }));
    it('with a well-formed API key that does not exist', () =>
      expectRefused({ authorization: `Bearer ffk_${'a'.repeat(16)}_${'b'.repeat(43)}` }));
    it('with a token that is no Firebase ID token', () => expectRefused({ authorization: 'Bearer not-a-token' }));
    it('with a revoked key', async () => {
      const key = await t.apiKey(tenant.tenantId, 'viewer');
      expect((await postInitialize(url, { authorization: `Bearer ${key}` })).status).toBe(200);
      await revokeKey(t, tenant.ownerPrincipal, key);
      await expectRefused({ authorization: `Bearer ${key}` });
    });
  });

  it('answers a good key\'s POST with JSON, and GET or DELETE with 405 (stateless)', async () => {
    const authorization = `Bearer ${await t.apiKey(tenant.tenantId, 'viewer')}`;
    const ok = await postInitialize(url, { authorization });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
    expect(ok.headers.get('mcp-session-id')).toBeNull();
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(url, { method, headers: { authorization, accept: 'text/event-stream' } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('answers a body that is not JSON with a JSON-RPC parse error', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.apiKey(tenant.tenantId, 'viewer')}`, 'content-type': 'application/json' },
      body: '{"jsonrpc":',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 }, id: null });
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.apiKey(tenant.tenantId, 'viewer')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { padding: 'x'.repeat(1_100_000) } }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
  });

  it('serves /healthz', async () => {
    const res = await fetch(new URL('/healthz', http.origin));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

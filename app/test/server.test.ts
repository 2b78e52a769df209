import { rm } from 'node:fs/promises';
import { NOT_CONFIGURED_MESSAGE } from '@facilflow/jarvis';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { createTRPCUntypedClient, httpLink, TRPCClientError, type TRPCUntypedClient } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let plantA: TestTenant;
let plantB: TestTenant;
let adminKeyA: string;

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  plantA = await t.createTenant('Plant A');
  plantB = await t.createTenant('Plant B');
  adminKeyA = await t.apiKey(plantA.tenantId, 'admin');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
  // The data dir holds the web app's compiled dependencies.
  if (t) await rm(t.platform.config.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

const client = (bearer?: string): TRPCUntypedClient<AnyRouter> =>
  createTRPCUntypedClient<AnyRouter>({
    links: [httpLink({ url: `${server.url}/api/trpc`, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })],
  });

/** The tRPC error's shape as the web app reads it. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.fail('the call succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw error;
  const data = error.data as { code: string; httpStatus: number; ffCode: string | null; details: Record<string, unknown> | null };
  return { message: error.message, ...data };
}

async function auditOf(tenant: TestTenant) {
  const page = (await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 200 })) as {
    items: Array<{ operation: string; front: string; outcome: string; errorCode: string | null; actorId: string }>;
  };
  return page.items;
}

/** Runs a call and returns the audit records it appended. */
async function auditedBy(tenant: TestTenant, call: () => Promise<unknown>) {
  const before = (await auditOf(tenant)).length;
  await call().catch(() => undefined);
  const after = await auditOf(tenant);
  return after.slice(0, after.length - before);
}

const keyId = (key: string) => key.split('_')[1]!;

describe('server', () => {
  it('answers /healthz with its roles', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', roles: ['web', 'mcp', 'ingest', 'worker', 'scheduler'] });
  });

  it('serves the web app, server-rendered', async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Sign in to FacilFlow');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z0-9.-]+\.(com|googleapis|gstatic)/i);
  });

  it('mounts the MCP endpoint, which wants a credential', async () => {
    const tools = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(tools),
      });
    expect((await post({})).status).toBe(401);
    const answer = await post({ authorization: `Bearer ${adminKeyA}` });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { result: { tools: Array<{ name: string }> } };
    // The default toolset is the operator's daily tools; key management is in its own toolset.
    expect(body.result.tools.map((tool) => tool.name)).toContain('telemetry_query');
    expect(body.result.tools.map((tool) => tool.name)).not.toContain('apiKeys_create');
    const all = (await (await post({ authorization: `Bearer ${adminKeyA}`, 'x-mcp-toolsets': 'all' })).json()) as typeof body;
    expect(all.result.tools.map((tool) => tool.name)).toContain('apiKeys_create');
  });
});

describe('tRPC over HTTP', () => {
  it('answers 401 without a credential or with an unknown one', async () => {
    const query = `${server.url}/api/trpc/tenants.get?input=${encodeURIComponent('{}')}`;
    expect((await fetch(query)).status).toBe(401);
    const forged = await fetch(query, { headers: { authorization: `Bearer ffk_aaaaaaaaaaaaaaaa_${'x'.repeat(43)}` } });
    expect(forged.status).toBe(401);
    expect(await refusal(client().query('tenants.get', {}))).toMatchObject({ code: 'UNAUTHORIZED', ffCode: 'UNAUTHENTICATED' });
  });

  it('runs a query with an API key', async () => {
    const answer = (await client(adminKeyA).query('tenants.get', {})) as { tenant: { id: string; name: string }; role: string };
    expect(answer.tenant).toMatchObject({ id: plantA.tenantId, name: 'Plant A' });
    expect(answer.role).toBe('admin');
  });

  it('runs a query with a Firebase ID token', async () => {
    const answer = (await client(await plantB.owner.idToken()).query('tenants.get', {})) as { tenant: { id: string }; role: string };
    expect(answer).toMatchObject({ tenant: { id: plantB.tenantId }, role: 'owner' });
  });

  it('runs a mutation and audits it once, as the trpc front', async () => {
    let secret = '';
    const records = await auditedBy(plantA, async () => {
      const created = (await client(adminKeyA).mutation('apiKeys.create', { name: 'CI', role: 'viewer' })) as { secret: string };
      secret = created.secret;
    });
    expect(secret).toMatch(/^ffk_/);
    expect(records).toEqual([expect.objectContaining({ operation: 'apiKeys.create', front: 'trpc', outcome: 'ok', actorId: `apiKey:${keyId(adminKeyA)}` })]);
    // The new key works at once.
    expect(await client(secret).query('tenants.get', {})).toMatchObject({ role: 'viewer' });
  });

  it('refuses a viewer key FORBIDDEN on apiKeys.create, and audits the refusal once', async () => {
    const viewer = await t.apiKey(plantA.tenantId, 'viewer');
    let refused: Awaited<ReturnType<typeof refusal>> | undefined;
    const records = await auditedBy(plantA, async () => {
      refused = await refusal(client(viewer).mutation('apiKeys.create', { name: 'sneaky' }));
    });
    expect(refused).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, ffCode: 'FORBIDDEN' });
    expect(records).toEqual([expect.objectContaining({ operation: 'apiKeys.create', front: 'trpc', outcome: 'error', errorCode: 'FORBIDDEN' })]);
  });

  it('authenticates before reading input, and audits an invalid mutation once', async () => {
    const noInput = await fetch(`${server.url}/api/trpc/members.invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noInput.status).toBe(401);
    let refused: Awaited<ReturnType<typeof refusal>> | undefined;
    const records = await auditedBy(plantA, async () => {
      refused = await refusal(client(adminKeyA).mutation('members.invite', { email: 'not-an-email', role: 'viewer' }));
    });
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', ffCode: 'INVALID' });
    expect(records).toEqual([expect.objectContaining({ operation: 'members.invite', front: 'trpc', outcome: 'error', errorCode: 'INVALID' })]);
  });

  it("answers NOT_FOUND for another tenant's key id and leaves it working", async () => {
    const keyOfB = await t.apiKey(plantB.tenantId, 'viewer');
    const refused = await refusal(client(adminKeyA).mutation('apiKeys.revoke', { id: keyId(keyOfB) }));
    expect(refused).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, ffCode: 'NOT_FOUND' });
    expect(await client(keyOfB).query('tenants.get', {})).toMatchObject({ tenant: { id: plantB.tenantId } });
  });

  it('revokes in two phases: a plan and a token first, then the change', async () => {
    const doomed = await t.apiKey(plantA.tenantId, 'service');
    const admin = client(adminKeyA);
    let asked: Awaited<ReturnType<typeof refusal>> | undefined;
    const firstRecords = await auditedBy(plantA, async () => {
      asked = await refusal(admin.mutation('apiKeys.revoke', { id: keyId(doomed) }));
    });
    expect(asked).toMatchObject({ code: 'PRECONDITION_FAILED', httpStatus: 412, ffCode: 'NEEDS_CONFIRMATION' });
    const token = asked?.details?.confirmationToken;
    expect(typeof token).toBe('string');
    expect(asked?.details?.plan).toContain('Revoke API key');
    expect(firstRecords).toEqual([expect.objectContaining({ operation: 'apiKeys.revoke', front: 'trpc', errorCode: 'NEEDS_CONFIRMATION' })]);
    // Nothing changed yet.
    expect(await client(doomed).query('tenants.get', {})).toMatchObject({ role: 'service' });

    const secondRecords = await auditedBy(plantA, () => admin.mutation('apiKeys.revoke', { id: keyId(doomed), confirmationToken: token }));
    expect(secondRecords).toEqual([expect.objectContaining({ operation: 'apiKeys.revoke', front: 'trpc', outcome: 'ok' })]);
    expect(await refusal(client(doomed).query('tenants.get', {}))).toMatchObject({ httpStatus: 401, ffCode: 'UNAUTHENTICATED' });
    // A token is good for one use.
    expect(await refusal(admin.mutation('apiKeys.revoke', { id: keyId(doomed), confirmationToken: token }))).toMatchObject({
      ffCode: 'INVALID',
      message: expect.stringContaining('already used'),
    });
  });
});

describe('web session', () => {
  const postSession = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${server.url}/session`, { method: 'POST', headers, body: JSON.stringify(body) });

  it('turns a verified ID token into an httpOnly cookie that server-rendered pages use', async () => {
    const answer = await postSession({ idToken: await plantA.owner.idToken() });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ changed: true, refreshClaims: false, problem: null });
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ff_session=[\w-]+\.[\w-]+\.[\w-]*; Path=\/; HttpOnly; SameSite=Lax/);
    const page = await fetch(server.url, { headers: { cookie: cookie.split(';')[0]! } });
    const html = await page.text();
    expect(html).toContain('data-testid="tenant-name">Plant A<');
    expect(html).toContain('data-testid="tenant-elicitation-approves">the web app or the CLI<');
    expect(html).toContain(plantA.owner.email);
  });

  it('server-renders /jarvis with the server\'s message on how to configure Jarvis when it is not', async () => {
    expect(process.env.ANTHROPIC_API_KEY, 'this server is started without Jarvis').toBeUndefined();
    const answer = await postSession({ idToken: await plantA.owner.idToken() });
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await (await fetch(`${server.url}/jarvis`, { headers: { cookie } })).text();
    expect(html).toContain(`data-testid="jarvis-unavailable"`);
    expect(html).toContain(NOT_CONFIGURED_MESSAGE);
  });

  it('refuses API keys, bad tokens and non-JSON posts', async () => {
    const withKey = await postSession({ idToken: adminKeyA });
    expect(withKey.status).toBe(401);
    expect(withKey.headers.get('set-cookie')).toMatch(/^ff_session=; .*Max-Age=0/);
    expect((await postSession({ idToken: 'not-a-token' })).status).toBe(401);
    expect((await postSession({ idToken: 42 })).status).toBe(400);
    expect((await postSession({ idToken: 'x' }, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('signs out with a null token', async () => {
    const answer = await postSession({ idToken: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toMatch(/^ff_session=; .*Max-Age=0/);
  });
});

describe('roles', () => {
  it('mounts only /mcp for the mcp role', async () => {
    const config = { ...t.platform.config, roles: ['mcp' as const], http: { ...t.platform.config.http, port: 0 } };
    const mcpOnly = await createServer({ config, runtime: t.runtime });
    try {
      expect((await fetch(`${mcpOnly.url}/api/trpc/tenants.get`)).status).toBe(404);
      expect((await fetch(mcpOnly.url)).status).toBe(404);
      expect((await fetch(`${mcpOnly.url}/mcp`, { method: 'POST' })).status).toBe(401);
    } finally {
      await mcpOnly.close();
    }
  });
});

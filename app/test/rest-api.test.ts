import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BODY_LIMITS } from '@facilflow/contracts';
import { createOperationsRuntime } from '@facilflow/operations';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestApiRouter } from '../server/rest-api-route.ts';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

let t: TestPlatform;
let server: FacilFlowServer;
let a: TestTenant;
let b: TestTenant;
let aAdmin: string;
let bKeyId: string;

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  a = await t.createTenant('REST Plant A');
  b = await t.createTenant('REST Plant B');
  aAdmin = await t.apiKey(a.tenantId, 'admin');
  bKeyId = (await t.apiKey(b.tenantId, 'viewer')).split('_')[1]!;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string; message: string; details: Record<string, unknown> | null } } & Record<string, unknown>;
}

async function call(method: 'GET' | 'POST' | 'DELETE', path: string, options: { key?: string; input?: unknown; base?: string } = {}): Promise<Answer> {
  const query = method === 'GET' && options.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(options.input))}` : '';
  const res = await fetch(`${options.base ?? server.url}/api/v1${path}${query}`, {
    method,
    headers: { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' && options.input !== undefined ? { body: typeof options.input === 'string' ? options.input : JSON.stringify(options.input) } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

const keysOf = async (key: string) => ((await call('GET', '/apiKeys/list', { key })).body.apiKeys as Array<{ id: string; name: string; revokedAt: string | null }>);

describe('the REST front', () => {
  it('serves its OpenAPI document without a credential', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/tenants/get']?.get?.operationId).toBe('tenants.get');
    expect(doc.paths['/apiKeys/create']?.post?.operationId).toBe('apiKeys.create');
  });

  it('runs a read on GET and a write on POST with an API key, audited as the api front', async () => {
    const read = await call('GET', '/tenants/get', { key: aAdmin });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body).toMatchObject({ tenant: { id: a.tenantId }, role: 'admin' });
    const audit = await call('GET', '/audit/list', { key: aAdmin, input: { limit: 5 } });
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);

    const created = await call('POST', '/apiKeys/create', { key: aAdmin, input: { name: 'rest integration', role: 'viewer' } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ apiKey: { name: 'rest integration', role: 'viewer' }, secret: expect.any(String) });
    const records = (await t.call(a.ownerPrincipal, 'audit.list', { limit: 20 })) as { items: Array<{ operation: string; front: string; outcome: string }> };
    expect(records.items.find((item) => item.operation === 'apiKeys.create')).toMatchObject({ front: 'api', outcome: 'ok' });
  });

  it('takes a Firebase ID token as well, resolved like on every front', async () => {
    const res = await call('GET', '/tenants/get', { key: await a.owner.idToken() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ tenant: { id: a.tenantId }, role: 'owner' });
  });

  it('asks to confirm a destructive call, then applies it with the token', async () => {
    const victim = (await call('POST', '/apiKeys/create', { key: aAdmin, input: { name: 'to revoke', role: 'viewer' } })).body as { apiKey: { id: string } };
    const first = await call('POST', '/apiKeys/revoke', { key: aAdmin, input: { id: victim.apiKey.id } });
    expect(first.status).toBe(428);
    expect(first.body.error).toMatchObject({ code: 'NEEDS_CONFIRMATION', details: { plan: expect.any(String), confirmationToken: expect.any(String) } });
    expect((await keysOf(aAdmin)).find((key) => key.id === victim.apiKey.id)?.revokedAt).toBeNull();
    const confirmationToken = first.body.error!.details!.confirmationToken;
    const applied = await call('POST', '/apiKeys/revoke', { key: aAdmin, input: { id: victim.apiKey.id, confirmationToken } });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ apiKey: { id: victim.apiKey.id, revokedAt: expect.any(String) } });
  });

  it('answers 401 with a Bearer challenge without a credential or with a bad one', async () => {
    const missing = await call('GET', '/tenants/get');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(missing.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: null });
    const bad = await call('POST', '/apiKeys/create', { key: 'ff_nope_nope', input: { name: 'x', role: 'viewer' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers unknown paths 404, the wrong method 405, bad input 400 and an oversize body 413', async () => {
    expect((await call('GET', '/nothing/here', { key: aAdmin })).status).toBe(404);
    const wrong = await call('DELETE', '/tenants/get', { key: aAdmin });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    const invalid = await call('POST', '/apiKeys/create', { key: aAdmin, input: { name: 'x', role: 'emperor' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.code).toBe('INVALID');
    expect((await call('POST', '/apiKeys/create', { key: aAdmin, input: '[1,2]' })).status).toBe(400);
    expect((await call('POST', '/apiKeys/create', { key: aAdmin, input: '{"name":' })).body.error).toMatchObject({ code: 'INVALID', details: { limit: 'json' } });
    const deep = await call('POST', '/apiKeys/create', { key: aAdmin, input: `{"name":${'['.repeat(2000)}${']'.repeat(2000)}}` });
    expect(deep.body.error).toMatchObject({ code: 'INVALID', details: { limit: 'maxDepth' } });
    const nul = await call('POST', '/apiKeys/create', { key: aAdmin, input: { name: 'bad\u0000name', role: 'viewer' } });
    expect(nul.status).toBe(400);
    const huge = await call('POST', '/apiKeys/create', { key: aAdmin, input: JSON.stringify({ name: 'x'.repeat(BODY_LIMITS.apiBytes) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatchObject({ code: 'INVALID', details: { limit: 'maxBodyBytes' } });
  });

  it('keeps a key of tenant A in tenant A, whatever the path or body names', async () => {
    const asked = await call('GET', '/tenants/get', { key: aAdmin, input: { tenantId: b.tenantId } });
    expect(JSON.stringify(asked.body)).not.toContain(b.tenantId);
    expect((await keysOf(aAdmin)).map((key) => key.id)).not.toContain(bKeyId);
    const revoke = await call('POST', '/apiKeys/revoke', { key: aAdmin, input: { id: bKeyId, tenantId: b.tenantId } });
    expect(revoke.body.error?.code).toBe('NOT_FOUND');
    const bKeys = (await t.call(b.ownerPrincipal, 'apiKeys.list')) as { apiKeys: Array<{ id: string; revokedAt: string | null }> };
    expect(bKeys.apiKeys.find((key) => key.id === bKeyId)?.revokedAt).toBeNull();
  });
});

describe('the REST front under a per-key request limit', () => {
  let limited: Server;
  let base: string;
  beforeAll(async () => {
    const config = { ...t.platform.config, limits: { ...t.platform.config.limits, apiKeyRequestsPerMinute: 2 } };
    const app = express().use('/api/v1', createRestApiRouter(createOperationsRuntime({ ...t.platform, config })));
    limited = createHttpServer(app);
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(limited.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (limited ? limited.close(() => resolve()) : resolve())));

  it('answers 429 with Retry-After once a key has used its budget, and leaves other keys alone', async () => {
    const busy = await t.apiKey(a.tenantId, 'viewer');
    const other = await t.apiKey(a.tenantId, 'viewer');
    expect((await call('GET', '/tenants/get', { key: busy, base })).status).toBe(200);
    expect((await call('GET', '/tenants/get', { key: busy, base })).status).toBe(200);
    const refused = await call('GET', '/tenants/get', { key: busy, base });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('2 requests per minute'), details: { limit: 'apiKeyRequestsPerMinute' } });
    expect((await call('GET', '/tenants/get', { key: other, base })).status).toBe(200);
  });
});

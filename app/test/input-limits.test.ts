import { rm } from 'node:fs/promises';
import { BODY_LIMITS, JSON_LIMITS } from '@facilflow/contracts';
import { createTestPlatform, freePort, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';
import { rawRequest, type RawResponse } from '@facilflow/testkit/raw-request';

let t: TestPlatform;
let server: FacilFlowServer;
let tenant: TestTenant;
let adminKey: string;

beforeAll(async () => {
  t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()) });
  server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  tenant = await t.createTenant('Limits Plant');
  adminKey = await t.apiKey(tenant.tenantId, 'admin');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
  if (t) await rm(t.platform.config.dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

const nested = (levels: number, leaf = '"x"') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);

function post(path: string, body: RawRequestBody, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest({ url: `${server.url}${path}`, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}
type RawRequestBody = string | Buffer | readonly Buffer[];

const asAdmin = () => ({ authorization: `Bearer ${adminKey}` });

/** A tRPC error as its clients read it. */
function trpcError(res: RawResponse) {
  const parsed = JSON.parse(res.text) as { error: { message: string; data: { code: string; httpStatus: number; ffCode: string | null; details: Record<string, unknown> | null } } };
  return { message: parsed.error.message, ...parsed.error.data };
}

async function auditCount(): Promise<number> {
  const page = (await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 200 })) as { items: unknown[] };
  return page.items.length;
}

async function stillServes(): Promise<void> {
  const res = await rawRequest({ url: `${server.url}/api/trpc/tenants.get`, headers: asAdmin() });
  expect(res.status, res.text).toBe(200);
}

describe('tRPC input limits', () => {
  it('refuses a 1,500-level nested write (4 kB) before the operation runs, and still serves afterwards', async () => {
    const before = await auditCount();
    const body = `{"name":${nested(1500)},"role":"viewer"}`;
    expect(body.length).toBeLessThan(16 * 1024);
    const res = await post('/api/trpc/apiKeys.create', body, asAdmin());
    expect(res.status, res.text).toBe(400);
    expect(trpcError(res)).toMatchObject({ code: 'BAD_REQUEST', ffCode: 'INVALID', details: { limit: 'maxDepth' }, message: expect.stringContaining(`maxDepth=${JSON_LIMITS.maxDepth}`) });
    expect(await auditCount()).toBe(before);
    await stillServes();
  });

  it('refuses nesting hundreds of thousands of levels deep without a crash', async () => {
    const res = await post('/api/trpc/apiKeys.create', '['.repeat(500_000) + ']'.repeat(500_000), asAdmin());
    expect(res.status, res.text).toBe(400);
    expect(trpcError(res).details).toEqual({ limit: 'maxDepth' });
    await stillServes();
  });

  it('refuses a 50 MB body with 413 before authorization', async () => {
    // No bearer: were the body read and the caller checked first, this would be a 401.
    const res = await post('/api/trpc/apiKeys.create', Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(res.status, res.text).toBe(413);
    expect(trpcError(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`maxBodyBytes=${BODY_LIMITS.trpcBytes}`) });
    await stillServes();
  });

  it('refuses an oversize chunked body (no Content-Length) once it passes the limit', async () => {
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 0x20));
    const res = await post('/api/trpc/apiKeys.create', chunks, asAdmin());
    expect(res.status, res.text).toBe(413);
    expect(trpcError(res).code).toBe('PAYLOAD_TOO_LARGE');
    await stillServes();
  });

  it('refuses over-limit strings, arrays and keys, naming the limit', async () => {
    const cases: Array<[string, string]> = [
      [JSON.stringify({ name: 'x', role: 'viewer', padding: Array(JSON_LIMITS.maxArrayLength + 1).fill(0) }), 'maxArrayLength'],
      [JSON.stringify({ name: 'x', role: 'viewer', extra: Object.fromEntries(Array.from({ length: JSON_LIMITS.maxObjectKeys + 1 }, (_, i) => [`k${i}`, 0])) }), 'maxObjectKeys'],
    ];
    for (const [body, limit] of cases) {
      expect(body.length).toBeLessThan(BODY_LIMITS.trpcBytes);
      const res = await post('/api/trpc/apiKeys.create', body, asAdmin());
      expect(res.status, limit).toBe(400);
      expect(trpcError(res), limit).toMatchObject({ ffCode: 'INVALID', details: { limit }, message: expect.stringContaining(`${limit}=`) });
    }
  });

  it('answers malformed JSON with a tRPC parse error, not a 500', async () => {
    const res = await post('/api/trpc/apiKeys.create', '{"name":', asAdmin());
    expect(res.status, res.text).toBe(400);
    expect(trpcError(res)).toMatchObject({ code: 'PARSE_ERROR', details: { limit: 'json' } });
  });

  it('bounds a GET query input by length and by shape', async () => {
    const long = encodeURIComponent(JSON.stringify({ padding: 'x'.repeat(BODY_LIMITS.trpcQueryInputChars) }));
    const tooLong = await rawRequest({ url: `${server.url}/api/trpc/tenants.get?input=${long}`, headers: asAdmin() });
    // Node refuses request heads over 16 kB itself (431); under that, ours answers.
    expect([413, 431]).toContain(tooLong.status);
    const deep = await rawRequest({ url: `${server.url}/api/trpc/tenants.get?input=${encodeURIComponent(nested(200, '1'))}`, headers: asAdmin() });
    expect(deep.status, deep.text).toBe(400);
    expect(trpcError(deep).details).toEqual({ limit: 'maxDepth' });
    await stillServes();
  });

  it('still answers a batch call in the batch shape when refused', async () => {
    const res = await post('/api/trpc/apiKeys.create,apiKeys.create?batch=1', `{"0":${nested(100)},"1":{}}`, asAdmin());
    expect(res.status, res.text).toBe(400);
    const answers = JSON.parse(res.text) as Array<{ error: { data: { details: unknown } } }>;
    expect(answers.map((answer) => answer.error.data.details)).toEqual([{ limit: 'maxDepth' }, { limit: 'maxDepth' }]);
  });
});

describe('Socket.IO input limits', () => {
  it('refuses a polling message over socketIoMessageBytes with 413 and takes one within it', async () => {
    const open = await rawRequest({ url: `${server.url}/socket.io/?EIO=4&transport=polling` });
    expect(open.status, open.text).toBe(200);
    const { sid } = JSON.parse(open.text.slice(1)) as { sid: string };
    const send = (body: string) =>
      rawRequest({ url: `${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body });
    // Engine.IO packet 6 is a no-op, so the small one changes nothing.
    expect((await send('6')).status).toBe(200);
    expect((await send('6' + ' '.repeat(BODY_LIMITS.socketIoMessageBytes))).status).toBe(413);
  });
});

describe('agent enrolment input limits', () => {
  it('answers an 8 kB+ body with 413 in JSON, not 500', async () => {
    const res = await post('/api/agents/enroll', JSON.stringify({ token: 'x'.repeat(BODY_LIMITS.enrollmentBytes) }));
    expect(res.status, res.text).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'INVALID', message: expect.stringContaining(`maxBodyBytes=${BODY_LIMITS.enrollmentBytes}`) });
  });

  it('answers malformed and over-deep bodies with 400 in JSON', async () => {
    const malformed = await post('/api/agents/enroll', '{"token":');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text)).toMatchObject({ code: 'INVALID', limit: 'json' });
    const deep = await post('/api/agents/enroll', nested(1000));
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.text)).toMatchObject({ code: 'INVALID', limit: 'maxDepth' });
    const wrongShape = await post('/api/agents/enroll', '{"token":1}');
    expect(wrongShape.status).toBe(400);
    expect(JSON.parse(wrongShape.text)).toMatchObject({ code: 'INVALID' });
  });
});

import { BODY_LIMITS, JSON_LIMITS } from '@facilflow/contracts';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpFixture, type HttpFixture } from './support/http-fixture.ts';
import { postInitialize } from './support/mcp-clients.ts';
import { rawRequest, type RawResponse } from '@facilflow/testkit/raw-request';

let http: HttpFixture;
let t: TestPlatform;
let tenant: TestTenant;
let authorization: string;

beforeAll(async () => {
  http = await startHttpFixture();
  t = http.t;
  tenant = await t.createTenant('MCP Limits Plant');
  authorization = `Bearer ${await t.apiKey(tenant.tenantId, 'admin')}`;
});
afterAll(() => http?.close());

const nested = (levels: number) => '{"a":'.repeat(levels) + '"x"' + '}'.repeat(levels);
const toolCall = (args: string) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"apiKeys_create","arguments":${args}}}`;

function post(body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest({
    url: http.url.href,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body,
  });
}

async function auditCount(): Promise<number> {
  return ((await t.call(tenant.ownerPrincipal, 'audit.list', { limit: 200 })) as { items: unknown[] }).items.length;
}

describe('MCP input limits', () => {
  it('refuses a 1,500-level nested tool call with a JSON-RPC error naming the limit, runs nothing, and still serves', async () => {
    const before = await auditCount();
    const res = await post(toolCall(`{"name":${nested(1500)},"role":"viewer"}`), { authorization });
    expect(res.status, res.text).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.stringContaining(`maxDepth=${JSON_LIMITS.maxDepth}`) } });
    expect(await auditCount()).toBe(before);
    expect((await postInitialize(http.url, { authorization })).status).toBe(200);
  });

  it('refuses nesting hundreds of thousands of levels deep without a crash', async () => {
    const res = await post('['.repeat(400_000) + ']'.repeat(400_000), { authorization });
    expect(res.status, res.text).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: -32600, message: expect.stringContaining('maxDepth') } });
    expect((await postInitialize(http.url, { authorization })).status).toBe(200);
  });

  it('refuses a 50 MB body with 413 once the caller is known, and with 401 before', async () => {
    const body = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const known = await post(body, { authorization });
    expect(known.status, known.text).toBe(413);
    expect(JSON.parse(known.text)).toMatchObject({ error: { code: -32600, message: expect.stringContaining(`maxBodyBytes=${BODY_LIMITS.mcpBytes}`) } });
    expect((await post(body)).status).toBe(401);
    expect((await postInitialize(http.url, { authorization })).status).toBe(200);
  });

  it('refuses over-wide arguments with the limit named', async () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: JSON_LIMITS.maxObjectKeys + 1 }, (_, i) => [`k${i}`, 0])));
    const res = await post(toolCall(wide), { authorization });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: -32600, message: expect.stringContaining('maxObjectKeys=') } });
  });
});

describe('MCP Host/Origin allow-list', () => {
  const port = () => http.url.port;

  it('serves loopback names on its port and callers without an Origin', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`]) {
      const res = await post(toolCall('{}'), { host });
      expect(res.status, host).toBe(401);
    }
  });

  it('answers another Host with 421 and a foreign Origin with 403, in JSON-RPC', async () => {
    const rebound = await post(toolCall('{}'), { host: `rebind.attacker.example:${port()}`, authorization });
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.text)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('rebind.attacker.example') } });
    const foreign = await post(toolCall('{}'), { origin: 'http://rebind.attacker.example', authorization });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('Origin') } });
    const own = await postInitialize(http.url, { origin: http.origin, authorization });
    expect(own.status).toBe(200);
  });
});

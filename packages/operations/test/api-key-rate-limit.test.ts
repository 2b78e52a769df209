import { type Principal } from '@facilflow/contracts';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let plant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  plant = await t.createTenant('Busy Plant');
});
afterAll(() => t?.close());

/** A runtime of its own (its own buckets) allowing `perMinute` calls per key, on a clock the test moves. */
function limitedRuntime(perMinute: number): { runtime: Runtime; clock: { offsetMs: number } } {
  const clock = { offsetMs: 0 };
  const services = { ...t.platform.services, now: () => new Date(Date.now() + clock.offsetMs) };
  const config = { ...t.platform.config, limits: { ...t.platform.config.limits, apiKeyRequestsPerMinute: perMinute } };
  return { runtime: createOperationsRuntime({ ...t.platform, services, config }), clock };
}

const code = (call: Promise<unknown>) => call.then(() => 'ok', (e: { code?: string }) => e.code ?? 'thrown');

async function keyPrincipal(runtime: Runtime): Promise<Principal> {
  return runtime.authenticate(await t.apiKey(plant.tenantId, 'viewer'));
}

describe('each API key has a request budget on the remote fronts', () => {
  it('counts the calls of one key across MCP, tRPC and REST, then answers RATE_LIMITED naming the limit and when to retry', async () => {
    const { runtime } = limitedRuntime(3);
    const key = await keyPrincipal(runtime);
    expect(await code(runtime.invoke(key, 'mcp', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(key, 'trpc', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(key, 'api', 'tenants.get', {}))).toBe('ok');
    const limited = await runtime.invoke(key, 'api', 'tenants.get', {}).catch((e: unknown) => e);
    expect(limited).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/limit of 3 requests per minute: try again in \d+ s/),
      details: { limit: 'apiKeyRequestsPerMinute', requestsPerMinute: 3, retryAfterSeconds: 20 },
    });
  });

  it('leaves other keys, people and in-process callers alone', async () => {
    const { runtime } = limitedRuntime(1);
    const busy = await keyPrincipal(runtime);
    const other = await keyPrincipal(runtime);
    expect(await code(runtime.invoke(busy, 'mcp', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(busy, 'mcp', 'tenants.get', {}))).toBe('RATE_LIMITED');
    expect(await code(runtime.invoke(other, 'mcp', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(busy, 'system', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(busy, 'cli', 'tenants.get', {}))).toBe('ok');
    for (let i = 0; i < 3; i++) expect(await code(runtime.invoke(plant.ownerPrincipal, 'trpc', 'tenants.get', {}))).toBe('ok');
  });

  it('refills at the limit\'s rate', async () => {
    const { runtime, clock } = limitedRuntime(2);
    const key = await keyPrincipal(runtime);
    expect(await code(runtime.invoke(key, 'api', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(key, 'api', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(key, 'api', 'tenants.get', {}))).toBe('RATE_LIMITED');
    clock.offsetMs += 30_000;
    expect(await code(runtime.invoke(key, 'api', 'tenants.get', {}))).toBe('ok');
    expect(await code(runtime.invoke(key, 'api', 'tenants.get', {}))).toBe('RATE_LIMITED');
  });

  it('refuses a limited write before it is audited, so a flood does not fill the audit log', async () => {
    const { runtime } = limitedRuntime(1);
    const admin = await runtime.authenticate(await t.apiKey(plant.tenantId, 'admin'));
    const count = async () => ((await t.call(plant.ownerPrincipal, 'audit.list', { limit: 200, operation: 'apiKeys.create' })) as { items: unknown[] }).items.length;
    expect(await code(runtime.invoke(admin, 'api', 'apiKeys.create', { name: 'first', role: 'viewer' }))).toBe('ok');
    const before = await count();
    expect(await code(runtime.invoke(admin, 'api', 'apiKeys.create', { name: 'second', role: 'viewer' }))).toBe('RATE_LIMITED');
    expect(await count()).toBe(before);
  });
});

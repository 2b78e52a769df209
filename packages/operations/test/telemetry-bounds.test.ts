import type { Principal } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let plant: TestTenant;
let viewer: Principal;

beforeAll(async () => {
  // A small budget and one query slot per tenant, so the bounds show with small queries.
  t = await createTestPlatform({ FACILFLOW_QUERY_MAX_BYTES: String(256 * 1024), FACILFLOW_QUERY_CONCURRENCY: '1', FACILFLOW_QUERY_QUEUE: '0', FACILFLOW_TENANTS_PER_USER: '2' });
  plant = await t.createTenant('Bounded Plant');
  viewer = await t.runtime.authenticate(await t.apiKey(plant.tenantId, 'viewer'));
});
afterAll(() => t?.close());

const ENDLESS = 'SELECT count(*) AS n FROM range(10_000_000_000)';

describe('telemetry.query bounds for a viewer key', () => {
  it('truncates a huge result by bytes and says so', async () => {
    const out = (await t.runtime.invoke(viewer, 'mcp', 'telemetry.query', { sql: "SELECT repeat('x', 100000) AS s FROM range(200)" })) as {
      rows: unknown[][];
      truncated: boolean;
      truncatedReason?: string;
    };
    expect(out).toMatchObject({ truncated: true, truncatedReason: 'bytes' });
    expect(out.rows.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(out.rows))).toBeLessThanOrEqual(256 * 1024);
  });

  it('stops at the time limit with a clear error, and the next query runs', { timeout: 30_000 }, async () => {
    await expect(t.runtime.invoke(viewer, 'mcp', 'telemetry.query', { sql: ENDLESS, timeoutMs: 500 })).rejects.toMatchObject({
      code: 'INVALID',
      message: /500 ms time limit/,
    });
    await expect(t.runtime.invoke(viewer, 'mcp', 'telemetry.query', { sql: 'SELECT 1 AS n' })).resolves.toMatchObject({ rows: [[1]] });
  });

  it("hands the call's signal to the store: a closed request interrupts the query and frees the tenant's slot", { timeout: 30_000 }, async () => {
    const request = new AbortController();
    const running = t.runtime.invoke(viewer, 'trpc', 'telemetry.query', { sql: ENDLESS, timeoutMs: 60_000 }, request.signal);
    running.catch(() => undefined);
    // The tenant's only slot is busy and nothing may queue.
    await expect(t.runtime.invoke(viewer, 'mcp', 'telemetry.query', { sql: 'SELECT 2 AS n' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: /Too many concurrent queries/,
    });
    request.abort();
    await expect(running).rejects.toMatchObject({ code: 'UNAVAILABLE', message: /request was closed/ });
    await expect
      .poll(() => t.runtime.invoke(viewer, 'mcp', 'telemetry.query', { sql: 'SELECT 3 AS n' }).then((out) => (out as { rows: unknown[][] }).rows, () => 'busy'), {
        timeout: 10_000,
      })
      .toEqual([[3]]);
  });
});

describe('tenants per user', () => {
  it('refuses a tenant beyond the limit with the counts', async () => {
    const owner = plant.ownerPrincipal;
    const anonymous: Principal = { ...owner, tenantId: null, role: null };
    await t.call(anonymous, 'tenants.create', { name: 'Second Plant' });
    await expect(t.call(anonymous, 'tenants.create', { name: 'Third Plant' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: /already own or belong to 2 tenants; the limit is 2/,
    });
  });
});

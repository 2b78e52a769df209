import type { QualityIssue, TelemetryPoint } from '@facilflow/contracts';
import { createQualityMonitor } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The quality observer quotes a sampled value in its evidence (jsonb). A string holding a NUL
// made the whole flush fail, and every tick after it retried the same flush: the tenant's
// scores stopped for good. The monitor here is the one ingest runs after each write, on a
// clock the test moves, over the real database.

const START = Date.UTC(2026, 0, 5, 8, 0, 0);
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();

let t: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  tenant = await t.createTenant('Quality NUL plant');
});
afterAll(() => t?.close());

describe('the quality observer after a string value with a NUL', () => {
  it('records the issue with its evidence escaped and keeps scoring the windows after it', async () => {
    const failures: string[] = [];
    const clock = { now: START };
    const monitor = createQualityMonitor({
      services: t.platform.services,
      now: () => new Date(clock.now),
      tickIntervalMs: 0,
      windowSeconds: 60,
      log: (message, error) => void failures.push(`${message}: ${String(error)}`),
    });
    const tags = { machine: 'Press1' };
    const sample = (second: number, value: number | string): TelemetryPoint => ({ m: 'press', tags, f: { force: value }, t: START + second * 1000 });
    const feed = async (second: number, value: number | string) => {
      clock.now = START + (second + 1) * 1000;
      await monitor.observe({ tenantId: tenant.tenantId, agentId: null, points: [sample(second, value)], receivedAt: new Date(clock.now) });
    };
    const tickAt = async (second: number) => {
      clock.now = START + second * 1000;
      await monitor.tick();
    };

    for (let s = 0; s < 30; s++) await feed(s, 100 + (s % 3));
    // A numeric field reporting a string: flagged, with the string as evidence.
    await feed(30, 'E\u0000RR');
    await tickAt(31);
    for (let s = 31; s < 150; s++) await feed(s, 100 + (s % 3));
    await tickAt(200);
    await monitor.close();

    expect(failures).toEqual([]);
    const issues = (await t.call(tenant.ownerPrincipal, 'quality.issues', { status: 'all', measurement: 'press' })) as { items: QualityIssue[] };
    // (The silence after the last sample opens a freshness issue too; only the flagged string matters here.)
    expect(issues.items.filter((issue) => issue.check === 'null')).toEqual([expect.objectContaining({ field: 'force', details: { value: 'E\\u0000RR', occurrences: 1 } })]);
    const scores = (await t.call(tenant.ownerPrincipal, 'quality.scores', { measurement: 'press', from: at(0), to: at(180), includeWindows: true })) as {
      windows: Array<{ windowStart: string; points: number; counts: Record<string, number> }>;
    };
    // Every window is scored, the one with the NUL string and the two after it.
    expect(scores.windows.map((w) => [w.windowStart, w.points, w.counts.null ?? 0]).sort()).toEqual([
      [at(0), 60, 1],
      [at(60), 60, 0],
      [at(120), 30, 0],
    ]);
  });
});

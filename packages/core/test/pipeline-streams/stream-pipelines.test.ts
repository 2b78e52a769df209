import type { TelemetryPoint, TenantScope } from '@facilflow/contracts';
import { createPipeline, createStreamPipelines, ensureMeasurementSchema, pipelineChangesChannel, publishPipeline, startPipeline, type TelemetryObserver } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
const scopeOf = (tenant: TestTenant): TenantScope => ({ tenantId: tenant.tenantId, actor: { type: 'user', uid: tenant.owner.uid, email: tenant.owner.email }, role: 'owner' });
const START = Date.UTC(2026, 11, 1, 8, 0);

const ovenSpec = (measurement: string) => ({
  name: `Oven 1-minute average to ${measurement}`,
  triggers: [{ type: 'stream', measurement: 'oven' }],
  stages: [
    { id: 'ovens', use: 'source.live-stream', with: { measurement: 'oven', fields: ['ZoneTemperature1'] } },
    {
      id: 'avg_1m',
      use: 'transform.window-aggregate',
      with: { window: { type: 'tumbling', sizeMs: 60_000 }, groupBy: ['machine'], aggregations: [{ as: 'avgTemperature', fn: 'avg', field: 'ZoneTemperature1' }], maxOutOfOrderMs: 0 },
      needs: ['ovens'],
    },
    { id: 'store', use: 'sink.timeseries-write', with: { measurement, tags: ['machine'], fields: ['avgTemperature'] }, needs: ['avg_1m'] },
  ],
});

/** Ten-second samples of two ovens over five minutes, a batch per sample time. */
function batches(tenant: TestTenant): { tenantId: string; agentId: null; points: TelemetryPoint[]; receivedAt: Date }[] {
  const all = [];
  for (let second = 0; second < 300; second += 10) {
    const points = ['Oven1', 'Oven2'].map((machine, index) => ({ m: 'oven', tags: { machine }, f: { ZoneTemperature1: 200 + index * 30 + (second % 60) / 10 }, t: START + second * 1000 }));
    all.push({ tenantId: tenant.tenantId, agentId: null, points, receivedAt: new Date(START + second * 1000) });
  }
  return all;
}

async function publishStreamPipeline(tenant: TestTenant, measurement: string): Promise<string> {
  const scope = scopeOf(tenant);
  const { pipeline, problems } = await createPipeline(t.platform.services, scope, { spec: ovenSpec(measurement) });
  expect(problems).toEqual([]);
  await publishPipeline(t.platform.services, scope, { id: pipeline.id });
  await startPipeline(t.platform.services, scope, { id: pipeline.id });
  return pipeline.id;
}

async function averages(tenant: TestTenant, measurement: string): Promise<unknown[]> {
  const result = (await t.call(tenant.ownerPrincipal, 'telemetry.query', { sql: `SELECT epoch_ms(time) AS minute, machine, avgTemperature FROM ${measurement} ORDER BY minute, machine` })) as { rows: unknown[][] };
  return result.rows;
}

async function feed(consumer: TelemetryObserver, all: ReturnType<typeof batches>) {
  for (const batch of all) await consumer.observe(batch);
}

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Stream A');
  b = await t.createTenant('Stream B');
  for (const tenant of [a, b]) {
    await ensureMeasurementSchema(t.platform.services, scopeOf(tenant), { measurement: 'oven', fields: [{ name: 'ZoneTemperature1', type: 'number' }], requiredTags: [] });
  }
});
afterAll(() => t?.close());

describe('stream pipelines on the written-telemetry stream', () => {
  it("turns the tenant's written oven points into 1-minute averages in a derived measurement", async () => {
    await publishStreamPipeline(a, 'oven_1m');
    const consumer = createStreamPipelines({ services: t.platform.services, log: () => undefined });
    await feed(consumer, batches(a));
    await consumer.checkpoint?.();
    await consumer.close?.();
    const rows = await averages(a, 'oven_1m');
    // Minutes 08:00-08:03 are closed by the points of the next minute; 08:04 is still open.
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual([START, 'Oven1', 202.5]);
    expect(rows[1]).toEqual([START, 'Oven2', 232.5]);
    // Tenant B has no pipeline: nothing of A's reached B's store.
    await expect(averages(b, 'oven_1m')).rejects.toThrow();
  });

  it('a consumer restarted from its checkpoint, given again what came after it, writes what an uninterrupted one writes', async () => {
    await publishStreamPipeline(b, 'oven_restart');
    const all = batches(b);
    const first = createStreamPipelines({ services: t.platform.services, log: () => undefined });
    await feed(first, all.slice(0, 13));
    await first.checkpoint?.();
    // Read after the checkpoint, then the worker dies: the stream hands these batches out again.
    await feed(first, all.slice(13, 21));
    await first.close?.();
    const second = createStreamPipelines({ services: t.platform.services, log: () => undefined });
    await feed(second, all.slice(13));
    await second.checkpoint?.();
    await second.close?.();
    const rows = await averages(b, 'oven_restart');
    expect(rows).toHaveLength(8);
    expect(rows.map((row) => (row as unknown[])[2])).toEqual([202.5, 232.5, 202.5, 232.5, 202.5, 232.5, 202.5, 232.5]);
  });

  it('a stage that throws sends the rows to dead letters naming the pipeline and stage, and the stream goes on', async () => {
    const scope = scopeOf(a);
    const spec = ovenSpec('oven_bad');
    const { pipeline } = await createPipeline(t.platform.services, scope, {
      spec: { ...spec, name: 'Refuses text', stages: [spec.stages[0], { id: 'store', use: 'sink.timeseries-write', with: { measurement: 'oven_bad', tags: ['machine'], fields: ['ZoneTemperature1'] }, needs: ['ovens'] }] },
    });
    await publishPipeline(t.platform.services, scope, { id: pipeline.id });
    await startPipeline(t.platform.services, scope, { id: pipeline.id });
    const consumer = createStreamPipelines({ services: t.platform.services, log: () => undefined });
    // A row without time cannot be written: the sink throws.
    await consumer.observe({ tenantId: a.tenantId, agentId: null, points: [{ m: 'oven', tags: { machine: 'Oven9' }, f: { ZoneTemperature1: 1 }, t: Number.NaN }], receivedAt: new Date(START) });
    await consumer.observe({ tenantId: a.tenantId, agentId: null, points: [{ m: 'oven', tags: { machine: 'Oven9' }, f: { ZoneTemperature1: 2 }, t: START }], receivedAt: new Date(START + 1) });
    await consumer.checkpoint?.();
    await consumer.close?.();
    const letters = (await t.call(a.ownerPrincipal, 'deadLetters.list', {})) as { items: { code: string; topic: string; reason: string }[] };
    // Each of the tenant's stream pipelines refuses the timeless row at its first stage that needs a time: one dead letter each.
    const failed = letters.items.filter((letter) => letter.code === 'pipeline_failed' && letter.topic.startsWith(`pipeline/${pipeline.id}/`));
    expect(failed).toHaveLength(1);
    expect(failed[0]?.topic).toBe(`pipeline/${pipeline.id}/store`);
    expect(failed[0]?.reason).toMatch(/stage "store": row 0 has no time/);
    expect(await averages(a, 'oven_bad').catch(() => null)).toBeNull();
    const stored = (await t.call(a.ownerPrincipal, 'telemetry.query', { sql: 'SELECT count(*) AS n FROM oven_bad' })) as { rows: unknown[][] };
    expect(stored.rows[0]?.[0]).toBe(1);
  });

  it('starts a pipeline started after it read the tenant\'s list at once, on the change notice, not at its next refresh', async () => {
    // A refresh that never comes within the test: only the notice can make the consumer see the new pipeline.
    const consumer = createStreamPipelines({ services: t.platform.services, log: () => undefined, refreshMs: 3_600_000 });
    const [first, ...rest] = batches(b);
    await consumer.observe(first!);
    const heard = new Promise<void>((resolve) => {
      void t.platform.services.bus.subscribe(pipelineChangesChannel(b.tenantId), () => resolve());
    });
    await publishStreamPipeline(b, 'oven_noticed_1m');
    // Subscribed before this test's listener, the consumer hears the notice first.
    await heard;
    await feed(consumer, rest);
    await consumer.close?.();
    expect((await averages(b, 'oven_noticed_1m')).length).toBeGreaterThan(0);
  });
});

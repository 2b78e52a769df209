import type { TenantScope } from '@facilflow/contracts';
import { createPipeline, createPostgresRunRecorder, publishPipeline, queueBackfill, updatePipeline, type Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, validSpec } from './test-catalog.ts';

let t: TestPlatform;
let services: Services;
let scope: TenantScope;
let pipelineId: string;
const HOUR = 3_600_000;
const day = new Date('2026-01-04T00:00:00Z');
const hours = (n: number) => new Date(day.getTime() + n * HOUR);
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

beforeAll(async () => {
  t = await createTestPlatform();
  services = { ...t.platform.services, pipelineEngine: testEngine };
  const tenant = await t.createTenant('Backfill');
  scope = { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
  pipelineId = (await createPipeline(services, scope, { spec: validSpec() })).pipeline.id;
  await publishPipeline(services, scope, { id: pipelineId });
});
afterAll(() => t?.close());

describe('backfill', () => {
  it('queues one run per slice, then only the slices that have not succeeded', async () => {
    const first = await queueBackfill(services, scope, { pipelineId, from: hours(0), to: hours(6), sliceMs: 2 * HOUR });
    expect(first.queued.map((run) => [run.trigger, run.version, run.rangeFrom, run.rangeTo])).toEqual([
      ['backfill', 1, hours(0).toISOString(), hours(2).toISOString()],
      ['backfill', 1, hours(2).toISOString(), hours(4).toISOString()],
      ['backfill', 1, hours(4).toISOString(), hours(6).toISOString()],
    ]);
    const recorder = createPostgresRunRecorder(services, scope.tenantId);
    const [done, failed, running] = first.queued;
    await recorder.runStatus(done!.id, 'succeeded', { at: hours(30) });
    await recorder.runStatus(failed!.id, 'failed', { at: hours(30), error: { message: 'store down', path: ['stages', 0] } });
    await recorder.runStatus(running!.id, 'running', { at: hours(30) });

    const again = await queueBackfill(services, scope, { pipelineId, from: hours(0), to: hours(6), sliceMs: 2 * HOUR });
    expect(again).toMatchObject({ succeeded: 1, underWay: 1 });
    expect(again.queued.map((run) => run.rangeFrom)).toEqual([hours(2).toISOString()]);
    await recorder.runStatus(again.queued[0]!.id, 'succeeded', { at: hours(31) });
    await recorder.runStatus(running!.id, 'succeeded', { at: hours(31) });
    expect(await queueBackfill(services, scope, { pipelineId, from: hours(0), to: hours(6), sliceMs: 2 * HOUR })).toMatchObject({ queued: [], succeeded: 3, underWay: 0 });
  });

  it('recomputes every slice for another version, and cuts the last slice at the range end', async () => {
    const spec = validSpec();
    spec.stages[0]!.with = { count: 5 };
    await updatePipeline(services, scope, { id: pipelineId, spec });
    await publishPipeline(services, scope, { id: pipelineId });
    const result = await queueBackfill(services, scope, { pipelineId, from: hours(0), to: hours(5), sliceMs: 2 * HOUR });
    expect(result.version).toBe(2);
    expect(result.queued.map((run) => run.rangeTo)).toEqual([hours(2).toISOString(), hours(4).toISOString(), hours(5).toISOString()]);
  });

  it('refuses a range too finely sliced or backwards', async () => {
    expect(await code(queueBackfill(services, scope, { pipelineId, from: hours(0), to: hours(2000), sliceMs: HOUR }))).toBe('INVALID');
    expect(await code(queueBackfill(services, scope, { pipelineId, from: hours(2), to: hours(0), sliceMs: HOUR }))).toBe('INVALID');
  });
});

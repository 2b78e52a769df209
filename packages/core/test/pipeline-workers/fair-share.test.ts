import type { TenantScope } from '@facilflow/contracts';
import { createPipeline, getRun, listRuns, processPipelineRuns, publishPipeline, startBackfill, startPipelineRun, type PipelineRunWorker, type Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickSpec, until, workerEngine } from './worker-fixtures.ts';

let t: TestPlatform;
let services: Services;
let a: TenantScope;
let b: TenantScope;
const workers: PipelineRunWorker[] = [];

async function published(scope: TenantScope, spec: ReturnType<typeof quickSpec>): Promise<string> {
  const { pipeline } = await createPipeline(services, scope, { spec });
  await publishPipeline(services, scope, { id: pipeline.id });
  return pipeline.id;
}

async function allRuns(scope: TenantScope) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await listRuns(services, scope, { limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  t = await createTestPlatform();
  t.platform.services.pipelineEngine = workerEngine;
  services = t.platform.services;
  const ta = await t.createTenant('Backfilling plant');
  const tb = await t.createTenant('Streaming plant');
  a = { tenantId: ta.tenantId, actor: ta.ownerPrincipal.actor, role: 'owner' };
  b = { tenantId: tb.tenantId, actor: tb.ownerPrincipal.actor, role: 'owner' };
});
afterAll(async () => {
  for (const worker of workers) await worker.close();
  await t?.close();
});

describe('placement by tenant fair share', () => {
  it("claims B's three runs before A's 200-slice backfill is done: the tenants take turns", async () => {
    const aPipeline = await published(a, quickSpec('A backfill'));
    const bPipeline = await published(b, quickSpec('B live'));
    const from = new Date('2026-01-01T00:00:00Z');
    const backfill = await startBackfill(services, a, { pipelineId: aPipeline, from, to: new Date(from.getTime() + 200 * 60_000), sliceMs: 60_000 });
    expect(backfill.queued).toHaveLength(200);
    const bRuns: Array<{ id: string }> = [];
    for (let i = 0; i < 3; i += 1) bRuns.push(await startPipelineRun(services, b, { pipelineId: bPipeline, trigger: 'manual' }));
    // One slot: claims happen one after another, so the order runs started in is the claim order.
    workers.push(await processPipelineRuns(services, { concurrency: 1, recheckMs: 10, heartbeatMs: 1000 }));
    await until(() => Promise.all(bRuns.map(async (run) => (await getRun(services, b, { id: run.id })).run.status)), (s) => s.every((x) => x === 'succeeded'));
    await workers.pop()?.close();

    const started = [...(await allRuns(a)), ...(await allRuns(b))]
      .filter((run) => run.startedAt !== null)
      .sort((x, y) => x.startedAt!.localeCompare(y.startedAt!));
    const order = started.map((run) => (bRuns.some((r) => r.id === run.id) ? 'B' : 'A'));
    // Queued behind 200 of A's, B's runs were claimed within the first six, taking every other turn.
    expect(order.slice(0, 6).filter((tenant) => tenant === 'B')).toHaveLength(3);
    // B first: the worker may close right after B's third run, before a sixth claim.
    expect(order.slice(0, 6).join('')).toMatch(/^(ABABAB|BABABA?)$/);
  });

  it('places a run only on a worker carrying its labels, and a higher priority first within the tenant', async () => {
    const onPlant2 = await published(b, quickSpec('Plant 2 only', { labels: { site: 'plant2' } }));
    const urgent = await published(b, quickSpec('Urgent', { priority: 50 }));
    const routine = await published(b, quickSpec('Routine'));
    const pinned = await startPipelineRun(services, b, { pipelineId: onPlant2, trigger: 'manual' });
    const elsewhere = await processPipelineRuns(services, { concurrency: 1, recheckMs: 10, heartbeatMs: 1000, labels: { site: 'plant1' } });
    workers.push(elsewhere);
    const first = await startPipelineRun(services, b, { pipelineId: routine, trigger: 'manual' });
    await until(() => allRuns(b), (runs) => runs.find((r) => r.id === first.id)?.status === 'succeeded');
    // The plant1 worker ran the run queued after the pinned one and left the pinned one queued.
    expect((await allRuns(b)).find((r) => r.id === pinned.id)?.status).toBe('queued');
    await elsewhere.close();
    workers.pop();

    const later = await startPipelineRun(services, b, { pipelineId: routine, trigger: 'manual' });
    const sooner = await startPipelineRun(services, b, { pipelineId: urgent, trigger: 'manual' });
    const plant2 = await processPipelineRuns(services, { concurrency: 1, recheckMs: 10, heartbeatMs: 1000, labels: { site: 'plant2', gpu: 'false' } });
    workers.push(plant2);
    const ids = [pinned.id, later.id, sooner.id];
    const runs = await until(() => allRuns(b), (all) => ids.every((id) => all.find((r) => r.id === id)?.status === 'succeeded'));
    const startedOf = (id: string) => runs.find((r) => r.id === id)!.startedAt!;
    // Same tenant, so no turns between them: the urgent pipeline's run went before the routine one queued first.
    expect(startedOf(sooner.id) < startedOf(later.id)).toBe(true);
  });
});

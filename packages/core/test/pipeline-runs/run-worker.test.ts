import type { TenantScope } from '@facilflow/contracts';
import {
  controlRun, createPipeline, diffPipelineRuns, enqueueQueuedRun, getRun, listRunSteps, processPipelineRuns, publishPipeline, queueRun,
  replayPipelineRun, startPipelineRun, type PipelineRunWorker, type Services,
} from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, validSpec } from '../pipelines/test-catalog.ts';

let t: TestPlatform;
let services: Services;
let scope: TenantScope;
let other: TenantScope;
let pipelineId: string;
let worker: PipelineRunWorker;

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

/** Resolves once the run reaches an end, by polling its record (no time is asserted). */
async function ended(runId: string, as = scope) {
  for (;;) {
    const { run } = await getRun(services, as, { id: runId });
    if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  t = await createTestPlatform();
  t.platform.services.pipelineEngine = testEngine;
  services = t.platform.services;
  const a = await t.createTenant('Worker A');
  const b = await t.createTenant('Worker B');
  scope = { tenantId: a.tenantId, actor: a.ownerPrincipal.actor, role: 'owner' };
  other = { tenantId: b.tenantId, actor: b.ownerPrincipal.actor, role: 'owner' };
  pipelineId = (await createPipeline(services, scope, { spec: validSpec() })).pipeline.id;
  await publishPipeline(services, scope, { id: pipelineId });
  worker = await processPipelineRuns(services, { concurrency: 2, recheckMs: 10 });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('the run worker on the in-process queue', () => {
  it('runs a manual run queued → running → succeeded with every step recorded', async () => {
    const queued = await startPipelineRun(services, scope, { pipelineId, trigger: 'manual' });
    expect(queued.status).toBe('queued');
    const run = await ended(queued.id);
    expect(run.status).toBe('succeeded');
    expect(run.startedAt).not.toBeNull();
    const { items } = await listRunSteps(services, scope, { runId: queued.id, limit: 50 });
    expect(items.map((s) => [s.stageId, s.status, s.rowsOut])).toEqual([
      ['read', 'succeeded', 3],
      ['double', 'succeeded', 3],
      ['emit', 'succeeded', 0],
    ]);
  });

  it('runs a redelivered job once: a second job for an ended run executes nothing', async () => {
    const queued = await startPipelineRun(services, scope, { pipelineId, trigger: 'manual' });
    await ended(queued.id);
    const before = await listRunSteps(services, scope, { runId: queued.id, limit: 50 });
    const results: unknown[] = [];
    const stop = services.queue.onJobEvent((event) => { if (event.type === 'completed' && event.jobId === `${queued.id}.again`) results.push(event.result); });
    await services.queue.add('pipeline-runs', 'run', { tenantId: scope.tenantId, runId: queued.id }, { jobId: `${queued.id}.again` });
    while (results.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    expect(results[0]).toEqual({ runId: queued.id, executed: false, reason: 'the run is succeeded' });
    expect(await listRunSteps(services, scope, { runId: queued.id, limit: 50 })).toEqual(before);
  });

  it('cancels a queued run before any worker takes it, and refuses to cancel an ended one', async () => {
    const queued = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
    const { run, delivered } = await controlRun(services, scope, { id: queued.id }, 'cancel');
    expect([run.status, delivered]).toEqual(['cancelled', false]);
    await enqueueQueuedRun(services, scope, queued);
    expect((await ended(queued.id)).status).toBe('cancelled');
    expect(await code(controlRun(services, scope, { id: queued.id }, 'cancel'))).toBe('CONFLICT');
  });

  it('replays a run from its second stage, and diffs the two runs stage by stage', async () => {
    const first = await startPipelineRun(services, scope, { pipelineId, trigger: 'manual' });
    await ended(first.id);
    const replay = await replayPipelineRun(services, scope, { runId: first.id, fromStage: 'double', editedInputs: { read: [{ n: 10 }] } });
    expect(replay.replayOf).toEqual({ runId: first.id, fromStage: 'double' });
    expect((await ended(replay.id)).status).toBe('succeeded');
    const diff = await diffPipelineRuns(services, scope, { a: first.id, b: replay.id });
    expect(diff.changedStages).toContain('double');
    const double = diff.stages.find((s) => s.stageId === 'double');
    expect(double?.outputSample.onlyInB).toEqual([{ n: 20 }]);
    expect(diff.changedStages).not.toContain('read');
  });

  it('keeps tenants apart: B cannot replay, diff or cancel A\'s runs', async () => {
    const run = await startPipelineRun(services, scope, { pipelineId, trigger: 'manual' });
    await ended(run.id);
    expect(await code(replayPipelineRun(services, other, { runId: run.id, fromStage: 'double' }))).toBe('NOT_FOUND');
    expect(await code(diffPipelineRuns(services, other, { a: run.id, b: run.id }))).toBe('NOT_FOUND');
    expect(await code(controlRun(services, other, { id: run.id }, 'cancel'))).toBe('NOT_FOUND');
    expect(await code(startPipelineRun(services, other, { pipelineId, trigger: 'manual' }))).toBe('NOT_FOUND');
  });
});

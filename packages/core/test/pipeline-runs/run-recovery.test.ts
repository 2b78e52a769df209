import type { TenantScope } from '@facilflow/contracts';
import { createPipeline, PIPELINE_RUNS_QUEUE, processPipelineRuns, publishPipeline, queueRun, recoverPipelineRuns, type PipelineRunWorker, type Services } from '@facilflow/core';
import { eq, schema } from '@facilflow/db';
import { createInProcessQueue } from '@facilflow/messaging';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnded, stageEvent, startRunOf } from './worker-helpers.ts';
import { stageEvents, workerTestEngine } from './worker-test-components.ts';

/**
 * Recovery without a shared queue: what a worker finds in the database when it starts (queued runs
 * whose job an in-process restart lost) or while it runs (runs whose worker stopped renewing).
 */
let t: TestPlatform;
let services: Services;
let scope: TenantScope;
const workers: PipelineRunWorker[] = [];
const source = { id: 'src', use: 'source.counter-rows', with: { count: 2 } };

/** Another node on the same database: its own queue, as after a restart or on another machine. */
const otherNode = (): Services => ({ ...services, queue: createInProcessQueue() });

beforeAll(async () => {
  t = await createTestPlatform();
  t.platform.services.pipelineEngine = workerTestEngine;
  services = t.platform.services;
  const tenant = await t.createTenant('Worker recovery');
  scope = { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
});
afterAll(async () => {
  for (const worker of workers) await worker.close();
  await t?.close();
});

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('run recovery', () => {
  it('runs, at worker start, queued runs whose job is gone', async () => {
    const { pipeline } = await createPipeline(services, scope, { spec: { name: 'Lost jobs', triggers: [{ type: 'manual' }], stages: [source, { id: 'pass', use: 'transform.test-wait', with: { ms: 0 }, needs: ['src'] }] } });
    await publishPipeline(services, scope, { id: pipeline.id });
    // Queued in the database, but never handed to a queue: what a restart of an in-process queue leaves.
    const lost = [await queueRun(services, scope, { pipelineId: pipeline.id, trigger: 'manual' }), await queueRun(services, scope, { pipelineId: pipeline.id, trigger: 'manual' })];
    const node = otherNode();
    const worker = await processPipelineRuns(node, { recoverEveryMs: 60_000 });
    try {
      for (const run of lost) expect((await runEnded(services, scope, run.id)).run.status).toBe('succeeded');
    } finally {
      await worker.close();
      await node.queue.close();
    }
  });

  it('gives a run nobody holds a new recovery job once the previous one ended without claiming it', async () => {
    const { pipeline } = await createPipeline(services, scope, { spec: { name: 'Handed on', triggers: [{ type: 'manual' }], stages: [source] } });
    await publishPipeline(services, scope, { id: pipeline.id });
    const run = await queueRun(services, scope, { pipelineId: pipeline.id, trigger: 'manual' });
    const runs = schema.pipelineRuns;
    // Under way with its lease cleared: what the lost-worker sweep leaves for another worker.
    const leave = (status: string) => services.db.withSystem('test: a run its worker left', (tx) => tx.update(runs).set({ status, workerId: 'w-gone', leaseUntil: null }).where(eq(runs.id, run.id)));
    await leave('running');
    const node = otherNode();
    try {
      await recoverPipelineRuns(node);
      const first = `${run.id}.recover.0`;
      expect((await node.queue.getJob(PIPELINE_RUNS_QUEUE, first))?.state).toBe('waiting');
      // The turn ends unclaimed, as when a draining worker hands it on.
      const consumer = await node.queue.process(PIPELINE_RUNS_QUEUE, async () => 'handed on', { concurrency: 1 });
      await until(() => node.queue.getJob(PIPELINE_RUNS_QUEUE, first), (job) => job?.state === 'completed');
      await consumer.close();
      await recoverPipelineRuns(node);
      await recoverPipelineRuns(node);
      expect((await node.queue.getJob(PIPELINE_RUNS_QUEUE, `${run.id}.recover.0.2`))?.state).toBe('waiting');
      expect(await node.queue.getJob(PIPELINE_RUNS_QUEUE, `${run.id}.recover.0.3`)).toBeNull();
    } finally {
      await leave('cancelled');
      await node.queue.close();
    }
  });

  it('retries elsewhere from the last checkpoint a run whose worker missed its heartbeats; that worker stops and records nothing more', async () => {
    // Worker A claims with a short lease and renews far too late, as a stalled or cut-off process does.
    const a = await processPipelineRuns(services, { leaseMs: 300, renewEveryMs: 1_000, recoverEveryMs: 60_000, recheckMs: 10 });
    workers.push(a);
    const results: unknown[] = [];
    const stop = services.queue.onJobEvent((event) => { if (event.type === 'completed') results.push(event.result); });
    const run = await startRunOf(services, scope, 'Missed heartbeats', [
      source,
      { id: 'first', use: 'transform.test-wait', with: { ms: 0 }, needs: ['src'] },
      { id: 'hold', use: 'transform.test-wait', with: { ms: 1_500 }, needs: ['first'] },
      { id: 'after', use: 'transform.test-wait', with: { ms: 0 }, needs: ['hold'] },
    ]);
    await stageEvent((e) => e.runId === run.id && e.stageId === 'hold' && e.event === 'started');
    const node = otherNode();
    const b = await processPipelineRuns(node, { leaseMs: 2_000, recoverEveryMs: 100, recheckMs: 10 });
    try {
      await expectTakenOver(run.id, a, results);
    } finally {
      stop();
      await b.close();
      await node.queue.close();
    }
  });
});

/** B finished the run from A's checkpoint, and A, fenced, stopped and wrote nothing more. */
async function expectTakenOver(runId: string, a: PipelineRunWorker, results: unknown[]): Promise<void> {
  const { run: ended, steps } = await runEnded(services, scope, runId);
  expect(ended.status).toBe('succeeded');
  // One record per stage: A wrote nothing after B took over (no cancelled step, no second end).
  expect(steps.map((s) => [s.stageId, s.attempt, s.status])).toEqual([['src', 1, 'succeeded'], ['first', 1, 'succeeded'], ['hold', 1, 'succeeded'], ['after', 1, 'succeeded']]);
  const events = (stageId: string) => stageEvents.filter((e) => e.runId === runId && e.stageId === stageId).map((e) => e.event);
  // The checkpoint: B reused what A kept and ran only from the stage A was in.
  expect(events('first')).toEqual(['started', 'finished']);
  expect(events('hold')).toEqual(['started', 'started', 'aborted', 'finished']);
  expect(events('after')).toEqual(['started', 'finished']);
  while (results.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(results).toEqual([{ runId: runId, executed: false, reason: 'the lease passed to another worker' }]);
  expect(a.running()).toEqual([]);
}

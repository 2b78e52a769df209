import type { Principal } from '@facilflow/contracts';
import { processPipelineRuns, type PipelineRunWorker } from '@facilflow/core';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineSeeds, useTestCatalog } from './pipeline-fixtures.ts';

let t: TestPlatform;
let tenant: TestTenant;
let operator: Principal;
let pipelineId: string;
let worker: PipelineRunWorker;

interface Run {
  id: string;
  status: string;
  trigger: string;
}

/** Resolves once the run reaches an end, by polling runs.get (no time is asserted). */
async function ended(runId: string): Promise<Run> {
  for (;;) {
    const { run } = (await t.call(operator, 'runs.get', { id: runId })) as { run: Run };
    if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  t = await createTestPlatform();
  useTestCatalog(t);
  tenant = await t.createTenant('Registry Runs');
  operator = await t.memberPrincipal(tenant.tenantId, 'operator');
  pipelineId = await pipelineSeeds(t, tenant.tenantId).published();
  worker = await processPipelineRuns(t.runtime.services, { concurrency: 2, recheckMs: 10 });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('runs through the registry, on a run worker', () => {
  it('an operator runs a pipeline, replays the run from its second stage and compares the two', async () => {
    const { run } = (await t.call(operator, 'pipelines.run', { id: pipelineId })) as { run: Run };
    expect(run).toMatchObject({ status: 'queued', trigger: 'manual' });
    expect((await ended(run.id)).status).toBe('succeeded');

    // From the second stage, with its input edited: one row n=10 in place of what the first stage kept.
    const replay = ((await t.call(operator, 'runs.replay', { runId: run.id, fromStage: 'double', editedInputs: { read: [{ n: 10 }] } })) as { run: Run }).run;
    expect(replay.trigger).toBe('replay');
    expect((await ended(replay.id)).status).toBe('succeeded');

    const diff = (await t.call(operator, 'runs.diff', { a: run.id, b: replay.id })) as {
      stages: Array<{ stageId: string; outputSample: { onlyInB: unknown[] } }>;
      changedStages: string[];
    };
    expect(diff.changedStages).toContain('double');
    expect(diff.changedStages).not.toContain('read');
    expect(diff.stages.find((stage) => stage.stageId === 'double')?.outputSample.onlyInB).toEqual([{ n: 20 }]);
  });

  it('a backfill runs its slices on the worker, and again over the range queues nothing', async () => {
    const range = { id: pipelineId, from: '2026-11-01T00:00:00Z', to: '2026-11-01T03:00:00Z', sliceMs: 3_600_000 };
    const first = (await t.call(operator, 'pipelines.backfill', range)) as { queued: Run[]; succeeded: number };
    expect(first.queued).toHaveLength(3);
    for (const run of first.queued) expect((await ended(run.id)).status).toBe('succeeded');
    expect(await t.call(operator, 'pipelines.backfill', range)).toMatchObject({ queued: [], succeeded: 3, underWay: 0 });
  });
});

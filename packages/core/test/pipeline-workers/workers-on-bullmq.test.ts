import { randomBytes } from 'node:crypto';
import type { TenantScope } from '@facilflow/contracts';
import { createPipeline, getRun, getWorker, processPipelineRuns, publishPipeline, startPipelineRun, type PipelineRunWorker, type Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeGate, gatedSpec, openGate, partitionable, quickSpec, until, workerEngine } from './worker-fixtures.ts';

const redisUrl = process.env.FF_TEST_REDIS_URL || undefined;

describe.runIf(redisUrl)('two run workers on BullMQ', () => {
  let t: TestPlatform;
  let services: Services;
  let scope: TenantScope;
  const open: PipelineRunWorker[] = [];

  beforeAll(async () => {
    t = await createTestPlatform({ REDIS_URL: redisUrl ?? '', FACILFLOW_REDIS_PREFIX: `fftest_${randomBytes(4).toString('hex')}:` });
    t.platform.services.pipelineEngine = workerEngine;
    services = t.platform.services;
    const tenant = await t.createTenant('Two workers');
    scope = { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
  });
  afterAll(async () => {
    openGate();
    for (const worker of open) await worker.close().catch(() => undefined);
    await t?.close();
  });

  it("both claim runs, and a stopped worker's run is taken over by the other once its heartbeats stop", async () => {
    closeGate();
    const gated = (await createPipeline(services, scope, { spec: gatedSpec('Held on BullMQ') })).pipeline.id;
    await publishPipeline(services, scope, { id: gated });
    const quick = (await createPipeline(services, scope, { spec: quickSpec('Quick on BullMQ') })).pipeline.id;
    await publishPipeline(services, scope, { id: quick });
    const partitioned = partitionable(services);
    const first = await processPipelineRuns(partitioned.services, { workerId: 'bull-first', concurrency: 1, recheckMs: 10, heartbeatMs: 100 });
    open.push(first);
    const held = await startPipelineRun(services, scope, { pipelineId: gated, trigger: 'manual' });
    await until(() => getWorker(services, scope, { id: first.workerId }), (w) => w.yourRuns.includes(held.id));
    const second = await processPipelineRuns(services, { workerId: 'bull-second', concurrency: 2, recheckMs: 10, heartbeatMs: 100 });
    open.push(second);
    const quickRun = await startPipelineRun(services, scope, { pipelineId: quick, trigger: 'manual' });
    await until(async () => (await getRun(services, scope, { id: quickRun.id })).run.status, (s) => s === 'succeeded');
    // The first worker stops (cut off, not closed): no heartbeat, no lease renewal.
    partitioned.cut();
    await until(() => getWorker(services, scope, { id: first.workerId }), (w) => w.state === 'lost');
    await until(() => getWorker(services, scope, { id: second.workerId }), (w) => w.yourRuns.includes(held.id));
    openGate();
    await until(async () => (await getRun(services, scope, { id: held.id })).run.status, (s) => s === 'succeeded');
    expect((await getWorker(services, scope, { id: first.workerId })).yourRuns).toEqual([]);
  });
});

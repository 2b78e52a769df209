import type { TenantScope } from '@facilflow/contracts';
import {
  createPipeline, getRun, getWorker, listClusters, listWorkers, processPipelineRuns, publishPipeline, requestWorkerDrain, startPipelineRun,
  type PipelineRunWorker, type Services,
} from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeGate, gatedSpec, openGate, partitionable, quickSpec, until, workerEngine } from './worker-fixtures.ts';

let t: TestPlatform;
let services: Services;
let a: TenantScope;
let b: TenantScope;
let gatedPipeline: string;
let quickPipeline: string;
const open: PipelineRunWorker[] = [];

const statusOf = async (runId: string, scope = a) => (await getRun(services, scope, { id: runId })).run.status;

async function worker(options: Parameters<typeof processPipelineRuns>[1], on = services): Promise<PipelineRunWorker> {
  const started = await processPipelineRuns(on, { recheckMs: 10, heartbeatMs: 50, ...options });
  open.push(started);
  return started;
}

beforeAll(async () => {
  t = await createTestPlatform();
  t.platform.services.pipelineEngine = workerEngine;
  services = t.platform.services;
  const ta = await t.createTenant('Registry A');
  const tb = await t.createTenant('Registry B');
  a = { tenantId: ta.tenantId, actor: ta.ownerPrincipal.actor, role: 'owner' };
  b = { tenantId: tb.tenantId, actor: tb.ownerPrincipal.actor, role: 'owner' };
  gatedPipeline = (await createPipeline(services, a, { spec: gatedSpec('Held') })).pipeline.id;
  await publishPipeline(services, a, { id: gatedPipeline });
  quickPipeline = (await createPipeline(services, a, { spec: quickSpec('Quick') })).pipeline.id;
  await publishPipeline(services, a, { id: quickPipeline });
});
afterAll(async () => {
  openGate();
  for (const started of open) await started.close().catch(() => undefined);
  await t?.close();
});

describe('the worker registry', () => {
  it('registers a worker with its cluster, capacity, labels and version, and shows each tenant only its own runs on it', async () => {
    closeGate();
    const w = await worker({ workerId: 'w-registry', concurrency: 3, cluster: 'plant-edge', labels: { site: 'plant1' }, version: '9.9.9' });
    const held = await startPipelineRun(services, a, { pipelineId: gatedPipeline, trigger: 'manual' });
    await until(() => getWorker(services, a, { id: w.workerId }), (record) => record.yourRuns.includes(held.id));
    const seenByA = await getWorker(services, a, { id: w.workerId });
    expect(seenByA).toMatchObject({ cluster: 'plant-edge', state: 'active', capacity: 3, load: 1, labels: { site: 'plant1' }, version: '9.9.9', yourRuns: [held.id] });
    // B sees the shared worker's load as a number, never A's run ids.
    const seenByB = await getWorker(services, b, { id: w.workerId });
    expect(seenByB).toMatchObject({ load: 1, yourRuns: [] });
    expect(JSON.stringify(await listWorkers(services, b, {}))).not.toContain(held.id);
    const [cluster] = (await listClusters(services, a)).filter((c) => c.name === 'plant-edge');
    expect(cluster).toMatchObject({ workers: { active: 1, draining: 0, drained: 0, lost: 0 }, capacity: 3, load: 1, running: 1 });
    expect((await listClusters(services, b)).find((c) => c.name === 'plant-edge')).toMatchObject({ load: 1, running: 0 });
    openGate();
    await until(() => statusOf(held.id), (status) => status === 'succeeded');
    await w.close();
    expect(await listWorkers(services, a, { cluster: 'plant-edge' })).toEqual([]);
  });

  it('drains: the worker claims nothing new, finishes what it holds, then shows drained; another worker takes the queued run', async () => {
    closeGate();
    const w = await worker({ workerId: 'w-drain', concurrency: 2 });
    const held = await startPipelineRun(services, a, { pipelineId: gatedPipeline, trigger: 'manual' });
    await until(() => statusOf(held.id), (status) => status === 'running');
    await requestWorkerDrain(services, w.workerId);
    // A heartbeat already under way (read before the request) is joined, not restarted: the second one reads the request.
    await w.heartbeat();
    await w.heartbeat();
    expect(w.state()).toBe('draining');
    const waiting = await startPipelineRun(services, a, { pipelineId: quickPipeline, trigger: 'manual' });
    // The draining worker has a free slot and still hands the run's job back rather than claim it.
    await until(() => getRun(services, a, { id: waiting.id }), () => true);
    await w.heartbeat();
    expect(await statusOf(waiting.id)).toBe('queued');
    openGate();
    await until(() => statusOf(held.id), (status) => status === 'succeeded');
    await until(async () => (await w.heartbeat(), (await getWorker(services, a, { id: w.workerId })).state), (state) => state === 'drained');
    expect(await statusOf(waiting.id)).toBe('queued');
    const after = await worker({ workerId: 'w-after-drain', concurrency: 1 });
    await until(() => statusOf(waiting.id), (status) => status === 'succeeded');
    expect((await getWorker(services, a, { id: w.workerId })).yourRuns).toEqual([]);
    // Left open, it would take the next test's turns: a job is a turn for any worker.
    await after.close();
  });

  it('declares lost a worker that misses its heartbeats, and another worker takes its run over from the last checkpoint', async () => {
    closeGate();
    const partitioned = partitionable(services);
    const doomed = await worker({ workerId: 'w-doomed', concurrency: 1 }, partitioned.services);
    const run = await startPipelineRun(services, a, { pipelineId: gatedPipeline, trigger: 'manual' });
    await until(() => getWorker(services, a, { id: doomed.workerId }), (record) => record.yourRuns.includes(run.id));
    // Alive but cut off: no heartbeat, no lease renewal, nothing recorded. Its lease (30 s) has long to run.
    partitioned.cut();
    const survivor = await worker({ workerId: 'w-survivor', concurrency: 2 });
    await until(() => getWorker(services, a, { id: doomed.workerId }), (record) => record.state === 'lost');
    await until(() => getWorker(services, a, { id: survivor.workerId }), (record) => record.yourRuns.includes(run.id));
    openGate();
    await until(() => statusOf(run.id), (status) => status === 'succeeded');
    expect((await getWorker(services, a, { id: doomed.workerId })).yourRuns).toEqual([]);
  });
});

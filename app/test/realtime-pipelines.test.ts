import { pipelineRunsChannel, type Principal } from '@facilflow/contracts';
import { processPipelineRuns, type PipelineRunWorker } from '@facilflow/platform';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from './support/realtime-server.ts';
import { pipelineRunLiveEvents } from '../server/realtime/pipeline-run-events.ts';

let t: TestPlatform;
let live: RealtimeServer;
let worker: PipelineRunWorker;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  live = await startRealtimeServer(t.runtime);
  worker = await processPipelineRuns(t.platform.services, { concurrency: 1, recheckMs: 10 });
  a = await t.createTenant('Live Pipelines A');
  b = await t.createTenant('Live Pipelines B');
});
afterAll(async () => {
  await worker?.close();
  await live?.close();
  await t?.close();
});

const connect = (token: string): Promise<Socket> => live.connect('/pipelines', token);

async function publishedPipeline(owner: Principal): Promise<string> {
  const spec = { name: `live ${Math.random().toString(36).slice(2, 10)}`, triggers: [{ type: 'manual' }], stages: [{ id: 'received', use: 'control.input' }] };
  const { pipeline } = (await t.call(owner, 'pipelines.create', { spec })) as { pipeline: { id: string } };
  await t.call(owner, 'pipelines.publish', { id: pipeline.id });
  return pipeline.id;
}

interface Seen {
  event: string;
  payload: { runId?: string; status?: string; stageId?: string; pipelineId?: string };
}

function record(socket: Socket): Seen[] {
  const seen: Seen[] = [];
  socket.onAny((event: string, payload: Seen['payload']) => seen.push({ event, payload }));
  return seen;
}

/** Resolves once the socket has seen the run end (no time is asserted). */
function runEnded(socket: Socket, runId: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (payload: { runId: string; status: string }) => {
      if (payload.runId !== runId || !['succeeded', 'failed', 'cancelled', 'timed_out'].includes(payload.status)) return;
      socket.off('pipeline:status', listener);
      resolve();
    };
    socket.on('pipeline:status', listener);
  });
}

describe('/pipelines live namespace', () => {
  it("relays a run's status, steps and metrics to its tenant's sockets and never to another tenant's", async () => {
    const socketA = await connect(await t.apiKey(a.tenantId, 'viewer'));
    const socketB = await connect(await t.apiKey(b.tenantId, 'viewer'));
    const seenByA = record(socketA);
    const seenByB = record(socketB);
    const pipelineA = await publishedPipeline(a.ownerPrincipal);
    const pipelineB = await publishedPipeline(b.ownerPrincipal);

    const { run } = (await t.call(a.ownerPrincipal, 'pipelines.run', { id: pipelineA })) as { run: { id: string } };
    const endedA = runEnded(socketA, run.id);
    await endedA;
    expect(seenByA.filter((seen) => seen.event === 'pipeline:status').map((seen) => seen.payload.status)).toEqual(expect.arrayContaining(['running', 'succeeded']));
    expect(seenByA.find((seen) => seen.event === 'pipeline:step' && seen.payload.status === 'succeeded')?.payload).toMatchObject({ runId: run.id, stageId: 'received', pipelineId: pipelineA });
    expect(seenByA.find((seen) => seen.event === 'pipeline:metrics')?.payload).toMatchObject({ runId: run.id, stageId: 'received', rowsIn: 0, rowsOut: 0 });

    // B's own run reaching B proves B's socket was live while A's went by.
    const { run: runB } = (await t.call(b.ownerPrincipal, 'pipelines.run', { id: pipelineB })) as { run: { id: string } };
    await runEnded(socketB, runB.id);
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.every((seen) => seen.payload.runId === runB.id && seen.payload.pipelineId === pipelineB)).toBe(true);
    expect(seenByA.some((seen) => seen.payload.runId === runB.id)).toBe(false);
  });

  it('refuses a socket without a valid credential', async () => {
    await expect(connect('')).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('turns a finished step into metrics with its duration, and drops messages of another shape', () => {
    const step = { type: 'pipeline:step', pipelineId: 'pl_x', runId: 'run_1', stageId: 'average', attempt: 1, status: 'succeeded', rowsIn: 120, rowsOut: 2, error: null };
    const timed = { ...step, startedAt: '2026-12-03T10:00:00.000Z', endedAt: '2026-12-03T10:00:01.250Z' };
    expect(pipelineRunLiveEvents(timed).map((e) => e.event)).toEqual(['pipeline:step', 'pipeline:metrics']);
    expect(pipelineRunLiveEvents(timed)[1]?.payload).toMatchObject({ rowsIn: 120, rowsOut: 2, durationMs: 1250 });
    expect(pipelineRunLiveEvents({ ...step, status: 'running' }).map((e) => e.event)).toEqual(['pipeline:step']);
    expect(pipelineRunLiveEvents({ type: 'pipeline:status', pipelineId: 'pl_x', runId: 'run_1', status: 'queued', at: '2026-12-03T10:00:00.000Z' })).toHaveLength(1);
    expect(pipelineRunLiveEvents({ type: 'something-else' })).toEqual([]);
    expect(pipelineRunsChannel('plant_a')).toBe('tenant:plant_a:pipeline-runs');
  });
});

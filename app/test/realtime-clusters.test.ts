import { clusterMetricsEventSchema, clusterStatusEventSchema, type ClusterMetricsEvent, type ClusterStatusEvent, type Principal } from '@facilflow/contracts';
import { processPipelineRuns, type PipelineRunWorker } from '@facilflow/platform';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from './support/realtime-server.ts';

const CLUSTER = 'live-clusters';

let t: TestPlatform;
let live: RealtimeServer;
const workers: PipelineRunWorker[] = [];
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  live = await startRealtimeServer(t.runtime, { clusterMetricsEveryMs: 50 });
  workers.push(await processPipelineRuns(t.platform.services, { concurrency: 1, recheckMs: 10, cluster: CLUSTER, workerId: 'live-worker-1' }));
  a = await t.createTenant('Live Clusters A');
  b = await t.createTenant('Live Clusters B');
});
afterAll(async () => {
  for (const worker of workers) await worker.close();
  await live?.close();
  await t?.close();
});

const connect = (token: string): Promise<Socket> => live.connect('/clusters', token);

/** The first event of this name that passes `accept`, parsed with the contract's schema (no time asserted). */
function next<T>(socket: Socket, event: string, parse: (payload: unknown) => T, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const listener = (payload: unknown) => {
      const value = parse(payload);
      if (!accept(value)) return;
      socket.off(event, listener);
      resolve(value);
    };
    socket.on(event, listener);
  });
}

const metrics = (payload: unknown): ClusterMetricsEvent => clusterMetricsEventSchema.parse(payload);
const status = (payload: unknown): ClusterStatusEvent => clusterStatusEventSchema.parse(payload);

/** A run no worker may place (its labels are nobody's): it stays queued, A's alone. */
async function unplaceableRun(owner: Principal): Promise<void> {
  const spec = { name: `unplaceable ${Math.random().toString(36).slice(2, 10)}`, triggers: [{ type: 'manual' }], placement: { labels: { site: 'nowhere' } }, stages: [{ id: 'received', use: 'control.input' }] };
  const { pipeline } = (await t.call(owner, 'pipelines.create', { spec })) as { pipeline: { id: string } };
  await t.call(owner, 'pipelines.publish', { id: pipeline.id });
  await t.call(owner, 'pipelines.run', { id: pipeline.id });
}

describe('/clusters live namespace', () => {
  it("sends each tenant's room its own cluster metrics and every room the workers' status", async () => {
    const socketA = await connect(await t.apiKey(a.tenantId, 'viewer'));
    const socketB = await connect(await t.apiKey(b.tenantId, 'viewer'));
    await unplaceableRun(a.ownerPrincipal);

    const ofCluster = (event: ClusterMetricsEvent) => event.clusters.find((cluster) => cluster.name === CLUSTER);
    const seenByA = await next(socketA, 'cluster:metrics', metrics, (event) => (ofCluster(event)?.queued ?? 0) >= 1);
    expect(ofCluster(seenByA)).toMatchObject({ workers: { active: 1 }, capacity: 1, queued: 1 });
    // B's room is told the same cluster's workers, and nothing of A's queue.
    const seenByB = await next(socketB, 'cluster:metrics', metrics, (event) => ofCluster(event) !== undefined);
    expect(ofCluster(seenByB)).toMatchObject({ workers: { active: 1 }, capacity: 1, queued: 0, running: 0 });

    // A worker registering is platform news: both rooms hear it.
    const heardByA = next(socketA, 'cluster:status', status, (event) => event.workerId === 'live-worker-2');
    const heardByB = next(socketB, 'cluster:status', status, (event) => event.workerId === 'live-worker-2');
    workers.push(await processPipelineRuns(t.platform.services, { concurrency: 1, recheckMs: 10, cluster: CLUSTER, workerId: 'live-worker-2' }));
    expect(await heardByA).toMatchObject({ cluster: CLUSTER, state: 'active' });
    expect(await heardByB).toMatchObject({ cluster: CLUSTER, state: 'active' });
  });

  it('refuses a socket without a credential', async () => {
    await expect(connect('not-a-key')).rejects.toThrow(/UNAUTHENTICATED/);
  });
});

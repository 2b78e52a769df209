import type { TelemetryBatch } from '@facilflow/contracts';
import type { PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import type { Observer } from './support/observer.ts';
import { demoPlant, expectedValue, plantSource, plantTagOf } from './support/plant.ts';
import { startAgentRig, type AgentRig } from './support/rig.ts';

const SEED = 3;
let rig: AgentRig;
let simulator: PlantSimulator;
let observer: Observer;

const sourceState = (status: PublishedStatus) => status.sources[0]?.state;

beforeAll(async () => {
  rig = await startAgentRig({
    label: 'plc',
    tenantId: 'acme',
    agentId: 'edge_plc',
    seed: SEED,
    config: (endpointUrl) => ({ version: 1, sources: [plantSource(endpointUrl)], batch: { maxPoints: 100, maxDelayMs: 200 }, heartbeatIntervalMs: 1000 }),
  });
  ({ simulator, observer } = rig);
});

afterAll(() => rig?.stop());

/** Waits for telemetry sampled after `since` (source time) and checks it against the simulator's signals. */
async function expectFreshValues(since: number): Promise<void> {
  const batch = await observer.next<TelemetryBatch>('telemetry', (b) => b.points.some((p) => p.t > since));
  for (const point of batch.points) {
    const tag = plantTagOf(point);
    expect(point.f[tag.name], tag.nodeId).toBe(expectedValue(tag, point.t, SEED).value);
  }
}

describe('losing the PLC', () => {
  it('reports the source down when the PLC drops off the network and its sessions are gone, then recovers the subscription by itself', async () => {
    const down = observer.next<PublishedStatus>('status', (s) => sourceState(s) !== 'connected');
    await simulator.setConnected(false);
    expect((await down).sources[0]).toMatchObject({ id: 'plant', lastError: expect.any(String) });

    const up = observer.next<PublishedStatus>('status', (s) => sourceState(s) === 'connected');
    await simulator.setConnected(true);
    expect((await up).sources[0]).toMatchObject({ state: 'connected', monitoredItems: demoPlant.tags.length });
    await expectFreshValues(simulator.clock.nowMs());
  });

  it('reconnects when the PLC restarts on the same port and resumes the data', async () => {
    const { port } = simulator;
    const down = observer.next<PublishedStatus>('status', (s) => sourceState(s) !== 'connected');
    await simulator.stop();
    const states = [sourceState(await down)];

    simulator = rig.simulator = await rig.startSimulator(port);
    const up = await observer.next<PublishedStatus>('status', (s) => {
      states.push(sourceState(s));
      return sourceState(s) === 'connected';
    });
    expect(states[0]).toMatch(/^(disconnected|connecting)$/);
    expect(states.at(-1)).toBe('connected');
    expect(up.sources[0]?.monitoredItems).toBe(demoPlant.tags.length);
    // The restarted server knows neither the session nor the subscription: node-opcua re-creates the subscription, empty, and the agent monitors its tags in it again.
    expect(rig.log.lines).toContainEqual(expect.objectContaining({ msg: 'subscription re-created after the reconnection; monitoring its tags again', source: 'plant' }));
    await expectFreshValues(simulator.clock.nowMs());
    // The telemetry stream itself never broke: one sequence, no gaps.
    const seqs = observer.of<TelemetryBatch>('telemetry').map((b) => b.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });
});

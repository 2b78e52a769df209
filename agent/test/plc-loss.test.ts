import type { TelemetryBatch } from '@facilflow/contracts';
import { startPlantSimulator, type PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../src/agent.ts';
import type { PublishedStatus } from '../src/publisher/status-reporter.ts';
import { TestBroker } from './support/broker.ts';
import { recordingLogger } from './support/log.ts';
import { Observer } from './support/observer.ts';
import { demoPlant, expectedValue, PLANT_START, plantSource, plantTagOf } from './support/plant.ts';
import { tempDirs } from './support/temp-dir.ts';

const SEED = 3;
const dirs = tempDirs('plc');
const broker = new TestBroker();
let simulator: PlantSimulator;
let observer: Observer;
let agent: RunningAgent;

const startSimulator = (port: number) => startPlantSimulator({ model: demoPlant, port, seed: SEED, start: PLANT_START });
const sourceState = (status: PublishedStatus) => status.sources[0]?.state;

beforeAll(async () => {
  simulator = await startSimulator(0);
  await broker.start();
  const identity = broker.enrolAgent('acme', 'edge_plc');
  observer = await Observer.connect(broker.url, broker.service, 'acme', 'edge_plc');
  agent = await startAgent({
    dataDir: await dirs.make(),
    identity,
    log: recordingLogger(),
    config: { version: 1, sources: [plantSource(simulator.endpointUrl)], batch: { maxPoints: 100, maxDelayMs: 200 }, heartbeatIntervalMs: 1000 },
  });
  await observer.until<PublishedStatus>('status', (s) => sourceState(s) === 'connected');
});

afterAll(async () => {
  await agent?.stop();
  await observer?.close();
  await broker.stop();
  await simulator?.stop();
  await dirs.removeAll();
});

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

    simulator = await startSimulator(port);
    const up = await observer.next<PublishedStatus>('status', (s) => {
      states.push(sourceState(s));
      return sourceState(s) === 'connected';
    });
    expect(states[0]).toMatch(/^(disconnected|connecting)$/);
    expect(states.at(-1)).toBe('connected');
    expect(up.sources[0]?.monitoredItems).toBe(demoPlant.tags.length);
    await expectFreshValues(simulator.clock.nowMs());
    // The telemetry stream itself never broke: one sequence, no gaps.
    const seqs = observer.of<TelemetryBatch>('telemetry').map((b) => b.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });
});

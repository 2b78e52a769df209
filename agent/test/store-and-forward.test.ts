import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { agentHeartbeatSchema, type AgentHeartbeat, type TelemetryBatch } from '@facilflow/contracts';
import { startPlantSimulator, type PlantSimulator } from '@facilflow/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../src/agent.ts';
import { TestBroker } from './support/broker.ts';
import { eventually } from './support/inbox.ts';
import { recordingLogger, type RecordingLogger } from './support/log.ts';
import { Observer } from './support/observer.ts';
import { benchSource, demoPlant, PLANT_START, plantSource } from './support/plant.ts';
import { tempDirs } from './support/temp-dir.ts';

const SPEED = 10;
const MiB = 1024 * 1024;
const dirs = tempDirs('saf');
const broker = new TestBroker();
let plant: PlantSimulator;
let bench: PlantSimulator;
const running: RunningAgent[] = [];
const observers: Observer[] = [];

beforeAll(async () => {
  plant = await startPlantSimulator({ model: demoPlant, port: 0, seed: 5, speed: SPEED, start: PLANT_START });
  // 1,000 tags changing every 100 ms: 10,000 values a second, enough to fill a 1 MiB buffer in a couple of seconds.
  bench = await startPlantSimulator({ model: demoPlant, port: 0, extraTags: { count: 1000, samplingIntervalMs: 100 } });
  await broker.start();
});

afterAll(async () => {
  for (const agent of running) await agent.stop();
  for (const observer of observers) await observer.close();
  await broker.stop();
  await plant?.stop();
  await bench?.stop();
  await dirs.removeAll();
});

async function observe(agentId: string): Promise<Observer> {
  const observer = await Observer.connect(broker.url, broker.service, 'acme', agentId);
  observers.push(observer);
  return observer;
}

async function start(agentId: string, config: Parameters<typeof startAgent>[0]['config']): Promise<{ agent: RunningAgent; dataDir: string; log: RecordingLogger }> {
  const dataDir = await dirs.make();
  const log = recordingLogger();
  const agent = await startAgent({ dataDir, identity: broker.enrolAgent('acme', agentId), log, config });
  running.push(agent);
  return { agent, dataDir, log };
}

/**
 * Takes the broker down at a moment when the observer has seen exactly what the agent had
 * acknowledged: telemetry is held first (neither forwarded nor acknowledged), then the broker
 * stops once the observer has caught up with the agent's acknowledged batches.
 */
async function brokerDown(agent: RunningAgent, observer: Observer): Promise<number> {
  broker.holdTelemetry();
  // Batches let through just before the hold are acknowledged after it: wait for those too.
  const lastAcked = Math.max(agent.stats().buffer.firstUnacked - 1, broker.admittedSeq(agent.identity.agentId));
  await observer.until<TelemetryBatch>('telemetry', (b) => b.seq >= lastAcked);
  await broker.stop();
  await observer.close();
  return lastAcked;
}

/** Brings the broker back on its port with a new observer subscribed before the agent can reconnect. */
async function brokerUp(agentId: string): Promise<Observer> {
  broker.holdAgents();
  await broker.start();
  const observer = await observe(agentId);
  broker.releaseAgents();
  return observer;
}

async function segmentBytes(dataDir: string): Promise<number> {
  const dir = join(dataDir, 'buffer');
  const sizes = await Promise.all((await readdir(dir)).filter((n) => n.startsWith('segment-')).map((n) => stat(join(dir, n)).then((s) => s.size)));
  return sizes.reduce((a, b) => a + b, 0);
}

// Generous: these tests move a lot of data on two cores that may be shared.
describe('store and forward', { timeout: 120_000 }, () => {
  it('buffers while the broker is away and then delivers every batch exactly once, in sequence order', async () => {
    const before = await observe('edge_saf');
    const { agent } = await start('edge_saf', {
      version: 1,
      sources: [plantSource(plant.endpointUrl, {}, SPEED)],
      batch: { maxPoints: 10, maxDelayMs: 100 },
      heartbeatIntervalMs: 1000,
    });
    await before.until<TelemetryBatch>('telemetry', (b) => b.seq >= 5);
    const lastAcked = await brokerDown(agent, before);

    // A backlog bigger than the publisher's window, so the drain takes more than one round.
    await eventually(() => (agent.stats().buffer.batches >= 80 ? true : undefined));
    const after = await brokerUp('edge_saf');

    const first = agentHeartbeatSchema.parse(await after.until<AgentHeartbeat>('heartbeat'));
    expect(first.bufferBatches).toBeGreaterThan(0);
    const drained = await after.until<AgentHeartbeat>('heartbeat', (h) => h.bufferBatches < first.bufferBatches && h.bufferBatches <= 5);
    expect(drained.publishedBatches).toBeGreaterThan(first.publishedBatches);
    const lastSeq = agent.stats().buffer.firstUnacked - 1;
    await after.until<TelemetryBatch>('telemetry', (b) => b.seq >= lastSeq);

    const seqs = [...before.of<TelemetryBatch>('telemetry'), ...after.of<TelemetryBatch>('telemetry')].map((b) => b.seq);
    expect(seqs.filter((s) => s <= lastAcked)).toEqual(Array.from({ length: lastAcked + 1 }, (_, i) => i));
    // Each batch once, none missing, in order: the unacknowledged ones came through the outage.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
    expect(seqs.at(-1)).toBeGreaterThanOrEqual(lastAcked + 80);
    expect(agent.stats().buffer).toMatchObject({ droppedBatches: 0, droppedPoints: 0 });
    await agent.stop();
  });

  it('with drop-oldest keeps the buffer under maxBytes by dropping the oldest batches, and reports the drops', async () => {
    const observer = await observe('edge_drop_old');
    const { agent, dataDir, log } = await start('edge_drop_old', {
      version: 1,
      sources: [benchSource('bench', bench.endpointUrl, bench.nodeIds.extra[0] ?? [], 100)],
      batch: { maxPoints: 200, maxDelayMs: 200 },
      buffer: { maxBytes: MiB, dropPolicy: 'drop-oldest' },
      heartbeatIntervalMs: 1000,
    });
    await observer.until<TelemetryBatch>('telemetry', (b) => b.seq >= 3);
    // No acknowledgement after this point: whatever is not acknowledged now is the backlog of the outage.
    broker.holdTelemetry();
    await broker.stop();
    await observer.close();
    const down = agent.stats().buffer;
    const logMark = log.lines.length;

    await eventually(() => {
      const { buffer } = agent.stats();
      expect(buffer.diskBytes).toBeLessThanOrEqual(MiB);
      return buffer.droppedBatches >= down.droppedBatches + 5 ? buffer : undefined;
    });
    expect(await segmentBytes(dataDir)).toBeLessThanOrEqual(MiB);

    // The PLC goes quiet before the broker returns, so the count below is final.
    await bench.setConnected(false, { keepSessions: true });
    const after = await brokerUp('edge_drop_old');
    expect(await agent.flush()).toMatchObject({ drained: true });
    const final = agent.stats().buffer;
    await after.until<TelemetryBatch>('telemetry', (b) => b.seq >= final.nextSeq - 1);
    const heartbeat = await after.until<AgentHeartbeat>('heartbeat', (h) => h.droppedBatches === final.droppedBatches);
    expect(heartbeat.droppedPoints).toBe(final.droppedPoints);
    expect(final.droppedPoints).toBeGreaterThan(0);

    // What is missing is the oldest part of the backlog, from its first batch on: one sequence number per batch
    // dropped during the outage (a batch refused outright never got one).
    const delivered = new Set(after.of<TelemetryBatch>('telemetry').map((b) => b.seq));
    const backlog = Array.from({ length: final.nextSeq - down.firstUnacked }, (_, i) => down.firstUnacked + i);
    const missing = backlog.filter((seq) => !delivered.has(seq));
    const refused = log.lines.slice(logMark).filter((l) => l.msg === 'buffer full: refusing a new batch').length;
    expect(missing.length).toBe(final.droppedBatches - down.droppedBatches - refused);
    expect(missing).toEqual(backlog.slice(0, missing.length));
    await agent.stop();
    await bench.setConnected(true);
  });

  it('with drop-newest refuses new batches once full, keeps the backlog whole, and reports the drops', async () => {
    const observer = await observe('edge_drop_new');
    const { agent, dataDir } = await start('edge_drop_new', {
      version: 1,
      sources: [benchSource('bench', bench.endpointUrl, bench.nodeIds.extra[0] ?? [], 100)],
      batch: { maxPoints: 200, maxDelayMs: 200 },
      buffer: { maxBytes: MiB, dropPolicy: 'drop-newest' },
      heartbeatIntervalMs: 1000,
    });
    await observer.until<TelemetryBatch>('telemetry', (b) => b.seq >= 3);
    await brokerDown(agent, observer);

    await eventually(() => {
      const { buffer } = agent.stats();
      expect(buffer.diskBytes).toBeLessThanOrEqual(MiB);
      return buffer.droppedBatches >= 5 ? buffer : undefined;
    });
    expect(await segmentBytes(dataDir)).toBeLessThanOrEqual(MiB);

    await bench.setConnected(false, { keepSessions: true });
    const after = await brokerUp('edge_drop_new');
    expect(await agent.flush()).toMatchObject({ drained: true });
    const final = agent.stats().buffer;
    await after.until<TelemetryBatch>('telemetry', (b) => b.seq >= final.nextSeq - 1);
    const heartbeat = await after.until<AgentHeartbeat>('heartbeat', (h) => h.droppedBatches === final.droppedBatches);
    expect(heartbeat.droppedPoints).toBe(final.droppedPoints);
    expect(final.droppedPoints).toBeGreaterThan(0);
    // Nothing that was numbered is lost: every sequence number arrived, once, in order.
    const seqs = [...observer.of<TelemetryBatch>('telemetry'), ...after.of<TelemetryBatch>('telemetry')].map((b) => b.seq);
    expect(seqs).toEqual(Array.from({ length: final.nextSeq }, (_, i) => i));
    await agent.stop();
    await bench.setConnected(true);
  });
});

// Part 1: stream throughput and end-to-end latency, our stream pipeline beside a Node-RED flow,
// the same rows from the same generator, one side after the other so neither takes the other's CPU.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { forkTs, nextMessage } from '../lib/child.ts';
import { onCleanup } from '../lib/cleanup.ts';
import { formatCount } from '../lib/stats.ts';
import { startNodeRed } from './node-red.ts';
import { startNodeRedBroker } from './node-red-broker.ts';
import { WINDOW_MS, type Observation } from './stream-job.ts';
import { compareEvents, latencies, PublishTimes, type Closing } from './stream-latency.ts';
import type { Drained, StartStreamLoad, StartStreamServer, StreamPhase, StreamPhaseDone, StreamServerReady, StreamTarget } from './stream-messages.ts';
import { CPU_INTERVAL_MS, TSBS_START_MS } from '../lib/tsbs-cpu.ts';

export interface StreamShape {
  slices: number;
  hostsPerSlice: number;
  /** Whole minutes of rows in the saturation phase (one more step closes the last). */
  saturationMinutes: number;
  pacedMs: number;
  /** The paced phase offers this share of the slower side's maximum, the same rate to both. */
  pacedShare: number;
}

export interface StreamSide {
  name: string;
  version: string;
  pointsPerSecond: number;
  saturationEvents: number;
  pacedPointsPerSecond: number;
  latencies: number[];
}

export interface StreamOutcome {
  ours: StreamSide;
  nodeRed: StreamSide;
  /** Host-minutes the two sides disagree on over the saturation phase. */
  comparison: { missing: number; different: number };
}

const WINDOW = 8;
const SEED = 20160101;
const QUIET_MS = 1500;
const OUTPUT_TIMEOUT_MS = 120_000;
const STEPS_PER_MINUTE = WINDOW_MS / CPU_INTERVAL_MS;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** One side: a load process publishing to it, and how its outputs are collected. */
interface Side {
  name: string;
  version: string;
  load: ChildProcess;
  closing: Closing;
  /** Everything observed since the last call. */
  collect(): Promise<{ observations: Observation[]; caughtUp: boolean }>;
}

async function startLoad(target: StreamTarget, shape: StreamShape): Promise<ChildProcess> {
  const load = forkTs(here('./stream-load.ts'));
  const ready = nextMessage(load, 'ready');
  load.send({ type: 'start', target, slices: shape.slices, hostsPerSlice: shape.hostsPerSlice, window: WINDOW, seed: SEED } satisfies StartStreamLoad);
  await ready;
  return load;
}

async function runPhase(side: Side, phase: StreamPhase, publishes: PublishTimes): Promise<{ done: StreamPhaseDone; observations: Observation[] }> {
  const done = nextMessage<StreamPhaseDone>(side.load, 'phase-done');
  side.load.send({ type: 'phase', phase });
  const observations: Observation[] = [];
  let finished: StreamPhaseDone | null = null;
  void done.then((d) => (finished = d), () => undefined);
  // Outputs are collected while the load runs and afterwards until the side has caught up and gone quiet.
  let lastNewAt = Date.now();
  const deadline = Date.now() + OUTPUT_TIMEOUT_MS + (phase.mode === 'paced' ? phase.durationMs : 0);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const collected = await side.collect();
    if (collected.observations.length > 0) lastNewAt = Date.now();
    observations.push(...collected.observations);
    if (finished && collected.caughtUp && Date.now() - lastNewAt > QUIET_MS) break;
    if (Date.now() > deadline) throw new Error(`${side.name}: outputs still coming ${OUTPUT_TIMEOUT_MS / 1000} s after the phase`);
  }
  const phaseDone = await done;
  publishes.add(phaseDone.publishes);
  return { done: phaseDone, observations };
}

/** Saturation: every row of `minutes` minutes plus the step that closes the last, as fast as acknowledgements allow. */
async function saturation(side: Side, shape: StreamShape, publishes: PublishTimes) {
  const { done, observations } = await runPhase(side, { mode: 'saturate', steps: shape.saturationMinutes * STEPS_PER_MINUTE + 1 }, publishes);
  const lastMinute = TSBS_START_MS + (shape.saturationMinutes - 1) * WINDOW_MS;
  if (!observations.some((o) => o.time === lastMinute)) throw new Error(`${side.name}: no output for the last minute of the saturation phase`);
  const seconds = (Math.max(...observations.map((o) => o.at)) - publishes.first()) / 1000;
  const pointsPerSecond = done.points / seconds;
  console.log(`${side.name} saturation: ${formatCount(done.points)} points in ${seconds.toFixed(1)} s to the last output, ${formatCount(pointsPerSecond)} points/s, ${formatCount(observations.length)} events`);
  return { pointsPerSecond, observations };
}

async function paced(side: Side, shape: StreamShape, pointsPerSecond: number) {
  const publishes = new PublishTimes();
  const stepsPerSecond = pointsPerSecond / (shape.slices * shape.hostsPerSlice);
  const { done, observations } = await runPhase(side, { mode: 'paced', stepsPerSecond, durationMs: shape.pacedMs }, publishes);
  const found = latencies(observations, publishes, side.closing, shape.hostsPerSlice);
  console.log(`${side.name} paced: ${formatCount(done.points / (shape.pacedMs / 1000))} points/s offered ${formatCount(pointsPerSecond)}, ${done.lateSends} late sends, ${formatCount(found.length)} latencies`);
  return { pacedPointsPerSecond: done.points / (shape.pacedMs / 1000), latencies: found };
}

async function startOurSide(shape: StreamShape): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-pipelines-'));
  onCleanup('stream data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const server = forkTs(here('./stream-server.ts'));
  const ready = nextMessage<StreamServerReady>(server, 'ready');
  server.send({ type: 'start', dataDir, agents: shape.slices } satisfies StartStreamServer);
  const { identities } = await ready;
  onCleanup('stream server', async () => {
    const closed = nextMessage(server, 'closed').catch(() => undefined);
    server.send({ type: 'close' });
    await closed;
  });
  const load = await startLoad({ kind: 'agents', identities }, shape);
  return {
    name: 'FacilFlow',
    version: 'stream pipeline',
    load,
    closing: 'any-slice',
    async collect() {
      const drained = nextMessage<Drained>(server, 'drained');
      server.send({ type: 'drain' });
      const { observations, lagBatches } = await drained;
      return { observations, caughtUp: lagBatches === 0 };
    },
  };
}

async function startNodeRedSide(shape: StreamShape): Promise<Side> {
  const { broker, clientIdPrefix } = await startNodeRedBroker();
  const topics = { input: 'bench/cpu', output: 'bench/events' };
  const observer: MqttClient = await connectAsync(broker.url, { clientId: `${clientIdPrefix}_observer`, protocolVersion: 4, reconnectPeriod: 0, clean: true });
  onCleanup('node-red observer', () => observer.endAsync());
  let observations: Observation[] = [];
  const probes = new Set<number>();
  observer.on('message', (_topic, payload) => {
    const at = Date.now();
    const message = JSON.parse(payload.toString('utf8')) as { probe?: number; events?: Array<{ hostname: string; time: number; avg: number }> };
    if (message.probe !== undefined) probes.add(message.probe);
    for (const event of message.events ?? []) observations.push({ ...event, at });
  });
  await observer.subscribeAsync(topics.output, { qos: 0 });
  const nodeRed = await startNodeRed({ brokerPort: broker.port, clientId: `${clientIdPrefix}_node_red`, ...topics });
  // Up once a probe comes back through MQTT in → function → MQTT out.
  const deadline = Date.now() + 60_000;
  for (let probe = 0; !probes.has(probe - 1); probe++) {
    if (Date.now() > deadline) throw new Error('node-red did not answer a probe within 60 s');
    await observer.publishAsync(topics.input, JSON.stringify({ probe }), { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`Node-RED ${nodeRed.version} up (pid ${nodeRed.pid}), on the bench's embedded broker at ${broker.url}`);
  const load = await startLoad({ kind: 'topic', url: broker.url, clientIdPrefix: `${clientIdPrefix}_load`, topic: topics.input }, shape);
  return {
    name: 'Node-RED',
    version: nodeRed.version,
    load,
    closing: 'own-slice',
    async collect() {
      const collected = observations;
      observations = [];
      // Node-RED says nothing of a backlog: it has caught up once its outputs stop coming.
      return { observations: collected, caughtUp: true };
    },
  };
}

export async function runStreamBench(shape: StreamShape): Promise<StreamOutcome> {
  // Both start at once (startup is not measured); the phases then run one side at a time.
  const [ours, nodeRed] = await Promise.all([startOurSide(shape), startNodeRedSide(shape)]);
  console.log('FacilFlow server ready: ingest, the stream pipelines consumer, the bench pipeline published and started');
  const oursPublishes = new PublishTimes();
  const nodeRedPublishes = new PublishTimes();
  const oursMax = await saturation(ours, shape, oursPublishes);
  const nodeRedMax = await saturation(nodeRed, shape, nodeRedPublishes);
  const rate = shape.pacedShare * Math.min(oursMax.pointsPerSecond, nodeRedMax.pointsPerSecond);
  const oursPaced = await paced(ours, shape, rate);
  const nodeRedPaced = await paced(nodeRed, shape, rate);
  for (const side of [ours, nodeRed]) {
    const ended = nextMessage(side.load, 'ended');
    side.load.send({ type: 'end' });
    await ended;
  }
  return {
    ours: { name: ours.name, version: ours.version, pointsPerSecond: oursMax.pointsPerSecond, saturationEvents: oursMax.observations.length, ...oursPaced },
    nodeRed: { name: nodeRed.name, version: nodeRed.version, pointsPerSecond: nodeRedMax.pointsPerSecond, saturationEvents: nodeRedMax.observations.length, ...nodeRedPaced },
    comparison: compareEvents(oursMax.observations, nodeRedMax.observations),
  };
}

// A load generator process: MQTT agents (as the edge agent publishes) or InfluxDB HTTP writers, same rows, same concurrency.
// It stays connected for every phase the parent asks for, until told to end.
import { agentTopic, telemetryBatchSchema } from '@facilflow/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import { childMain, exitOnFailure, fromParent, tell } from '../lib/child.ts';
import { influxWriter } from '../lib/influxdb.ts';
import { CpuRows, hostTags } from '../lib/tsbs-cpu.ts';
import type { EndLoad, LoadEnded, LoadProgress, LoadReady, PhaseDone, RunPhase, StartLoad } from './messages.ts';
import { paced, saturate, type PhaseTally, type Send, type SliceSender } from './send-loops.ts';

const PROGRESS_EVERY_MS = 1000;

async function mqttSenders(start: StartLoad & { target: { kind: 'mqtt' } }, clients: MqttClient[]): Promise<Send[]> {
  const senders: Send[] = [];
  for (const slice of start.slices) {
    const identity = start.target.identities[slice]!;
    const client = await connectAsync(identity.mqtt.url, {
      clientId: identity.mqtt.clientId,
      username: identity.mqtt.username,
      password: identity.mqtt.password,
      protocolVersion: identity.mqtt.protocolVersion,
      reconnectPeriod: 0,
      clean: true,
    });
    clients.push(client);
    const topic = agentTopic(identity.tenantId, identity.agentId, 'telemetry');
    let checked = false;
    senders.push((seq, rows, time) => {
      const began = performance.now();
      const payload = `{"v":1,"agentId":"${identity.agentId}","seq":${seq},"sentAt":${Date.now()},"points":${rows.jsonPoints(time)}}`;
      const encodeMs = performance.now() - began;
      // The payload is built as text for speed: the first one of each agent is held to the contract.
      if (!checked) {
        telemetryBatchSchema.parse(JSON.parse(payload));
        checked = true;
      }
      const sentAt = performance.now();
      const acked = new Promise<void>((resolve, reject) => client.publish(topic, payload, { qos: 1 }, (error) => (error ? reject(error) : resolve())));
      return { encodeMs, sentAt, acked };
    });
  }
  return senders;
}

function influxSenders(start: StartLoad & { target: { kind: 'influxdb' } }): Send[] {
  const write = influxWriter(start.target.url, start.window * start.slices.length);
  return start.slices.map(() => (_seq, rows, time) => {
    const began = performance.now();
    const lines = rows.lineProtocol(time);
    const sentAt = performance.now();
    return { encodeMs: sentAt - began, sentAt, acked: write(lines) };
  });
}

async function runPhase(request: RunPhase, slices: SliceSender[], start: StartLoad): Promise<void> {
  const { phase } = request;
  const deadline = performance.now() + phase.durationMs;
  let latencies: number[] = [];
  let points = 0;
  const tally: PhaseTally = {
    encodeMs: 0,
    lateSends: 0,
    onAck(latencyMs, ackedPoints) {
      latencies.push(latencyMs);
      points += ackedPoints;
    },
  };
  const flush = () => {
    const report = { points, latencies };
    latencies = [];
    points = 0;
    return report;
  };
  const progress = setInterval(() => {
    const report = flush();
    if (process.env.FF_BENCH_DEBUG) console.error(`load ${process.pid}: ${report.latencies.length} acked in the last second, ${report.points} points`);
    tell({ type: 'progress', ...report } satisfies LoadProgress);
  }, PROGRESS_EVERY_MS);
  try {
    await Promise.all(
      slices.map((slice, s) =>
        phase.mode === 'saturate'
          ? saturate(slice, { steps: phase.steps, deadline, window: start.window }, tally)
          : paced(
              slice,
              // Slices spread over the interval, so the server sees a steady stream rather than every agent at once.
              { messagesPerSecond: phase.messagesPerSecond, offsetMs: (start.slices[s]! / start.sliceCount) * (1000 / phase.messagesPerSecond), deadline, window: start.window },
              tally,
            ),
      ),
    );
  } finally {
    clearInterval(progress);
  }
  tell({ type: 'phase-done', ...flush(), lateSends: tally.lateSends, encodeMs: tally.encodeMs } satisfies PhaseDone);
}

childMain(async () => {
  const start = await fromParent<StartLoad>('start');
  const hosts = hostTags(start.hostCount, start.seed);
  const clients: MqttClient[] = [];
  const senders = start.target.kind === 'mqtt' ? await mqttSenders({ ...start, target: start.target }, clients) : influxSenders({ ...start, target: start.target });
  const slices: SliceSender[] = start.slices.map((slice, s) => ({
    rows: new CpuRows(hosts.slice(slice * start.hostsPerSlice, (slice + 1) * start.hostsPerSlice), start.seed * 1000 + slice),
    send: senders[s]!,
    nextSeq: 0,
  }));
  tell({ type: 'ready' } satisfies LoadReady);

  // Phases one after another, each run to its end before the next is read.
  const ended = fromParent<EndLoad>('end');
  let phases = Promise.resolve();
  const onPhase = (message: unknown) => {
    const request = message as RunPhase;
    if (request.type === 'phase') phases = phases.then(() => runPhase(request, slices, start));
    exitOnFailure(phases);
  };
  process.on('message', onPhase);
  await ended;
  process.off('message', onPhase);
  await phases;
  await Promise.all(clients.map((client) => client.endAsync()));
  tell({ type: 'ended' } satisfies LoadEnded);
});

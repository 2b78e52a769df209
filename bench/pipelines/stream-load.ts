// The stream part's load generator: TSBS cpu-only rows, one message per slice of hosts and step,
// QoS 1, as enrolled agents (to FacilFlow's ingest) or to one topic (to Node-RED's MQTT in).
// Both get the same bytes: a telemetry batch. Every publish's time is kept per slice and step,
// so the parent can tell how long after the message that closed a minute its output came.
import { agentTopic } from '@facilflow/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import { childMain, exitOnFailure, fromParent, tell } from '../lib/child.ts';
import { CPU_INTERVAL_MS, CpuRows, hostTags, TSBS_START_MS } from '../lib/tsbs-cpu.ts';
import { paced, saturate, type PhaseTally, type SliceSender } from '../ingest/send-loops.ts';
import type { EndStreamLoad, RunStreamPhase, StartStreamLoad, StreamLoadReady, StreamPhaseDone } from './stream-messages.ts';

interface Connection {
  client: MqttClient;
  topic: string;
  agentId: string;
}

async function connect(start: StartStreamLoad, slice: number): Promise<Connection> {
  const target = start.target;
  if (target.kind === 'agents') {
    const identity = target.identities[slice]!;
    const client = await connectAsync(identity.mqtt.url, {
      clientId: identity.mqtt.clientId,
      username: identity.mqtt.username,
      password: identity.mqtt.password,
      protocolVersion: identity.mqtt.protocolVersion,
      reconnectPeriod: 0,
      clean: true,
    });
    return { client, topic: agentTopic(identity.tenantId, identity.agentId, 'telemetry'), agentId: identity.agentId };
  }
  const clientId = `${target.clientIdPrefix}_${slice}`;
  const client = await connectAsync(target.url, { clientId, protocolVersion: 4, reconnectPeriod: 0, clean: true });
  return { client, topic: target.topic, agentId: clientId };
}

childMain(async () => {
  const start = await fromParent<StartStreamLoad>('start');
  const hosts = hostTags(start.slices * start.hostsPerSlice, start.seed);
  let publishes: StreamPhaseDone['publishes'] = [];
  const connections: Connection[] = [];
  const slices: SliceSender[] = [];
  for (let slice = 0; slice < start.slices; slice++) {
    const connection = await connect(start, slice);
    connections.push(connection);
    slices.push({
      rows: new CpuRows(hosts.slice(slice * start.hostsPerSlice, (slice + 1) * start.hostsPerSlice), start.seed * 1000 + slice),
      nextSeq: 0,
      send(seq, rows, time) {
        const began = performance.now();
        const payload = `{"v":1,"agentId":"${connection.agentId}","seq":${seq},"sentAt":${Date.now()},"points":${rows.jsonPoints(time)}}`;
        const sentAt = performance.now();
        publishes.push([slice, (time - TSBS_START_MS) / CPU_INTERVAL_MS, Date.now()]);
        const acked = new Promise<void>((resolve, reject) => connection.client.publish(connection.topic, payload, { qos: 1 }, (error) => (error ? reject(error) : resolve())));
        return { encodeMs: sentAt - began, sentAt, acked };
      },
    });
  }
  tell({ type: 'ready' } satisfies StreamLoadReady);

  const ended = fromParent<EndStreamLoad>('end');
  let phases = Promise.resolve();
  const onPhase = (message: unknown) => {
    const request = message as RunStreamPhase;
    if (request.type !== 'phase') return;
    phases = phases.then(async () => {
      const { phase } = request;
      let points = 0;
      const tally: PhaseTally = { encodeMs: 0, lateSends: 0, onAck: (_latency, acked) => void (points += acked) };
      const deadline = performance.now() + (phase.mode === 'paced' ? phase.durationMs : 3_600_000);
      await Promise.all(
        slices.map((slice, s) =>
          phase.mode === 'saturate'
            ? saturate(slice, { steps: phase.steps, deadline, window: start.window }, tally)
            : paced(slice, { messagesPerSecond: phase.stepsPerSecond, offsetMs: (s / slices.length) * (1000 / phase.stepsPerSecond), deadline, window: start.window }, tally),
        ),
      );
      tell({ type: 'phase-done', publishes, points, lateSends: tally.lateSends } satisfies StreamPhaseDone);
      publishes = [];
    });
    exitOnFailure(phases);
  };
  process.on('message', onPhase);
  await ended;
  process.off('message', onPhase);
  await phases;
  await Promise.all(connections.map((connection) => connection.client.endAsync()));
  tell({ type: 'ended' });
});

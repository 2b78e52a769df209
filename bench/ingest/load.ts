// A load generator process: MQTT agents (as the edge agent publishes) or InfluxDB HTTP writers, same rows, same concurrency.
import { agentTopic, telemetryBatchSchema } from '@facilflow/contracts';
import { connectAsync, type MqttClient } from 'mqtt';
import { childMain, fromParent, tell } from '../lib/child.ts';
import { influxWriter } from '../lib/influxdb.ts';
import { CpuRows, hostTags } from '../lib/tsbs-cpu.ts';
import type { Go, LoadDone, LoadReady, StartLoad } from './messages.ts';

/** Sends one message for the slice's rows at `time` and resolves on its acknowledgement. */
type Send = (seq: number, rows: CpuRows, time: number) => { encodeMs: number; sentAt: number; acked: Promise<void> };

childMain(async () => {
  const start = await fromParent<StartLoad>('start');
  const hosts = hostTags(start.hostCount, start.seed);
  const slices = start.slices.map((slice) => new CpuRows(hosts.slice(slice * start.hostsPerSlice, (slice + 1) * start.hostsPerSlice), start.seed * 1000 + slice));
  const target = start.target;
  const clients: MqttClient[] = [];
  let senders: Send[];
  if (target.kind === 'mqtt') {
    senders = [];
    for (const slice of start.slices) {
      const identity = target.identities[slice]!;
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
  } else {
    const write = influxWriter(target.url, start.window * start.slices.length);
    senders = start.slices.map(() => (_seq, rows, time) => {
      const began = performance.now();
      const lines = rows.lineProtocol(time);
      const sentAt = performance.now();
      return { encodeMs: sentAt - began, sentAt, acked: write(lines) };
    });
  }
  tell({ type: 'ready' } satisfies LoadReady);
  await fromParent<Go>('go');
  const deadline = performance.now() + start.durationMs;

  const latencies: number[] = [];
  let encodeMs = 0;
  let points = 0;
  const progress = process.env.FF_BENCH_DEBUG ? setInterval(() => console.error(`load ${process.pid}: ${latencies.length} acked, ${points} points`), 2000) : undefined;
  await Promise.all(
    slices.map(
      (rows, s) =>
        new Promise<void>((resolve, reject) => {
          let next = 0;
          let inFlight = 0;
          let acked = 0;
          let steps = start.steps;
          const pump = () => {
            if (next < steps && performance.now() > deadline) steps = next;
            if (acked === steps && inFlight === 0) return resolve();
            while (inFlight < start.window && next < steps) {
              inFlight++;
              const time = rows.advance();
              const sent = senders[s]!(next++, rows, time);
              encodeMs += sent.encodeMs;
              sent.acked.then(() => {
                latencies.push(performance.now() - sent.sentAt);
                points += rows.hosts.length;
                inFlight--;
                acked++;
                pump();
              }, reject);
            }
          };
          pump();
        }),
    ),
  );
  clearInterval(progress);
  tell({ type: 'done', points, messages: latencies.length, latencies, encodeMs } satisfies LoadDone);
  await Promise.all(clients.map((client) => client.endAsync()));
});

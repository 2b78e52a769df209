// Throughput of telemetry through the embedded broker into DuckDB, one command:
//
//   npx tsx packages/ingest/test/support/throughput.ts [agents=4] [batches per agent=200] [points per batch=500] [window=32]
//
// Real pieces only: the platform on PGlite in a temp dir, DuckDB, the embedded aedes broker
// on a free port of 127.0.0.1, ingest attached, enrolled agents publishing QoS 1 JSON
// batches with up to `window` unacknowledged each (the edge agent's default is 32). The
// clock runs from the first publish to the last PUBACK, i.e. until every point is durable.
// For comparison it then writes the same batches straight to the store (no MQTT, no checks).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@facilflow/config';
import { agentTopic, type TelemetryPoint } from '@facilflow/contracts';
import { createPlatform } from '@facilflow/platform';
import { freePort } from '@facilflow/testkit';
import { attachIngest } from '../../src/index.ts';
import { batchPayload } from './agents.ts';
import { bootstrapTenant } from './bootstrap.ts';
import { connectAgentClient } from '@facilflow/testkit/agent-client';

const [agentCount = 4, batchesPerAgent = 200, pointsPerBatch = 500, window = 32] = process.argv.slice(2).map(Number);
const dataDir = mkdtempSync(join(tmpdir(), 'ff-ingest-bench-'));
const config = loadConfig({
  NODE_ENV: 'test',
  FACILFLOW_DATA_DIR: dataDir,
  FACILFLOW_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
  FIREBASE_PROJECT_ID: 'demo-facilflow-bench',
  FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9',
  FACILFLOW_MQTT_PORT: String(await freePort()),
});
const platform = await createPlatform(config, { startBroker: true });
const attached = await attachIngest(platform, {});
const { tenantId, agents } = await bootstrapTenant(platform, {
  name: 'Bench Plant',
  schemas: [
    {
      measurement: 'oven',
      fields: [
        { name: 'ZoneTemperature1', type: 'number', unit: 'degC', min: 0, max: 400 },
        { name: 'GasFlow', type: 'number' },
        { name: 'running', type: 'boolean' },
      ],
      requiredTags: ['machine'],
    },
  ],
  agents: agentCount,
});

const T0 = Date.UTC(2025, 0, 1);
const points = (agent: number, seq: number): TelemetryPoint[] =>
  Array.from({ length: pointsPerBatch }, (_, j) => ({
    m: 'oven',
    tags: { site: 'riverside', line: `line_${agent}`, machine: `Oven${j % 8}` },
    f: j % 3 === 0 ? { ZoneTemperature1: 150 + (j % 50), GasFlow: 3.5 } : ({ ZoneTemperature1: 150 + (j % 50) } as Record<string, number>),
    t: T0 + (seq * pointsPerBatch + j) * 10,
  }));

const clients = await Promise.all(agents.map((identity) => connectAgentClient(identity)));
const payloads = agents.map((identity, a) => Array.from({ length: batchesPerAgent }, (_, seq) => batchPayload(identity.agentId, seq, points(a, seq))));
const cpuBefore = process.cpuUsage();
const started = performance.now();
await Promise.all(
  clients.map(
    (client, a) =>
      new Promise<void>((resolve, reject) => {
        const identity = agents[a]!;
        const topic = agentTopic(identity.tenantId, identity.agentId, 'telemetry');
        let next = 0;
        let acked = 0;
        let inFlight = 0;
        const pump = () => {
          while (inFlight < window && next < batchesPerAgent) {
            inFlight++;
            client.publish(topic, payloads[a]![next++]!, { qos: 1 }, (error) => {
              if (error) return reject(error);
              inFlight--;
              if (++acked === batchesPerAgent) resolve();
              else pump();
            });
          }
        };
        pump();
      }),
  ),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const total = agentCount * batchesPerAgent * pointsPerBatch;
const stats = attached.ingest.stats();
const stored = await platform.services.timeseries.query(tenantId, 'SELECT count(*) FROM oven', { maxRows: 1, timeoutMs: 60_000 });
console.log(
  JSON.stringify({
    agents: agentCount,
    batchesPerAgent,
    pointsPerBatch,
    window,
    points: total,
    stored: stored.rows[0]?.[0],
    payloadMiB: +(stats.bytes / 1024 / 1024).toFixed(1),
    seconds: +seconds.toFixed(2),
    pointsPerSecond: Math.round(total / seconds),
    batchesPerSecond: Math.round((agentCount * batchesPerAgent) / seconds),
    processCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
  }),
);

// The store alone, same points, the same number of writes in flight.
const direct = Array.from({ length: agentCount }, (_, a) => Array.from({ length: batchesPerAgent }, (_, seq) => points(a, seq)));
const directStarted = performance.now();
await Promise.all(
  direct.map(async (batches, a) => {
    const inFlight = new Set<Promise<unknown>>();
    for (let seq = 0; seq < batches.length; seq++) {
      const write = platform.services.timeseries.write(tenantId, batches[seq]!, { batch: { source: `bench:${a}`, seq } }).finally(() => inFlight.delete(write));
      inFlight.add(write);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }),
);
const directSeconds = (performance.now() - directStarted) / 1000;
console.log(JSON.stringify({ storeOnly: true, seconds: +directSeconds.toFixed(2), pointsPerSecond: Math.round(total / directSeconds) }));

await Promise.all(clients.map((client) => client.endAsync()));
await attached.close();
await platform.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

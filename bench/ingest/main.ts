// npm run bench -- ingest [--quick]
//
// TSBS cpu-only rows published by enrolled agents over MQTT (QoS 1, 1,000 points a message)
// through the embedded broker into the tenant's DuckDB store, then the same rows with the same
// concurrency into InfluxDB 1.6 over HTTP. The server side and the load generators are
// separate processes, so peak RSS and CPU are each one's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkTs, nextMessage } from '../lib/child.ts';
import { onCleanup, runBench } from '../lib/cleanup.ts';
import { startInfluxPeer } from '../lib/influxdb.ts';
import { cpuMeter, peakRss } from '../lib/process-usage.ts';
import { formatCount, formatMiB, formatMs, formatRatio, percentile, table } from '../lib/stats.ts';
import { CPU_FIELDS } from '../lib/tsbs-cpu.ts';
import type { Closed, CountAnswer, LoadDone, ServerReady, StartLoad, StartServer } from './messages.ts';

const quick = process.argv.includes('--quick');
const HOSTS = 4000;
/** One agent per 1,000 hosts: a message carries one row of each of its hosts, 1,000 points. */
const AGENTS = 4;
const HOSTS_PER_AGENT = HOSTS / AGENTS;
/** Intervals of 10 s per host: 6,000,000 points in full, 800,000 quick (FF_BENCH_STEPS to try others). */
const STEPS = Number(process.env.FF_BENCH_STEPS ?? (quick ? 200 : 1500));
/** Each side stops sending after this long, so a slow one still ends: points/s is over what it did in that time. */
const DURATION_MS = quick ? 10_000 : 60_000;
/** Unacknowledged messages per agent (or concurrent HTTP writes per writer). */
const WINDOW = 8;
/** Load generator processes; each drives AGENTS / LOAD_PROCESSES agents. */
const LOAD_PROCESSES = 2;
const SEED = 20160101;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Outcome {
  points: number;
  seconds: number;
  latencies: number[];
  serverPeakRss: number;
  serverCpu: number;
  loadCpu: number;
  stored: number;
}

async function drive(target: StartLoad['target'], serverPid: number): Promise<Omit<Outcome, 'serverPeakRss' | 'stored'>> {
  const loads = Array.from({ length: LOAD_PROCESSES }, () => forkTs(here('./load.ts')));
  const slices = Array.from({ length: LOAD_PROCESSES }, (_, p) => Array.from({ length: AGENTS / LOAD_PROCESSES }, (_, i) => p * (AGENTS / LOAD_PROCESSES) + i));
  const ready = loads.map((child) => nextMessage(child, 'ready'));
  loads.forEach((child, p) =>
    child.send({ type: 'start', target, slices: slices[p]!, hostCount: HOSTS, hostsPerSlice: HOSTS_PER_AGENT, steps: STEPS, durationMs: DURATION_MS, window: WINDOW, seed: SEED } satisfies StartLoad),
  );
  await Promise.all(ready);
  console.log(`load generators connected; running`);
  const done = loads.map((child) => nextMessage<LoadDone>(child, 'done'));
  const serverMeter = cpuMeter(serverPid);
  const loadMeters = loads.map((child) => cpuMeter(child.pid!));
  const started = performance.now();
  for (const child of loads) child.send({ type: 'go' });
  const results = await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = serverMeter.stop();
  const loadCpu = loadMeters.reduce((sum, meter) => sum + meter.stop(), 0);
  return {
    points: results.reduce((sum, r) => sum + r.points, 0),
    seconds,
    latencies: results.flatMap((r) => r.latencies),
    serverCpu,
    loadCpu,
  };
}

async function runFacilFlow(): Promise<Outcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-ingest-'));
  onCleanup('facilflow data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  // FF_BENCH_PROFILE=<dir>: a CPU profile of the server process, to see where the time goes.
  const profile = process.env.FF_BENCH_PROFILE;
  const server = forkTs(here('./server.ts'), [], profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  const ready = nextMessage<ServerReady>(server, 'ready');
  server.send({ type: 'start', dataDir, agents: AGENTS } satisfies StartServer);
  const { identities } = await ready;
  console.log(`FacilFlow server ready (pid ${server.pid}); ${AGENTS} agents enrolled`);
  const run = await drive({ kind: 'mqtt', identities }, server.pid!);
  const serverPeakRss = peakRss(server.pid!);
  const counted = nextMessage<CountAnswer>(server, 'counted');
  server.send({ type: 'count' });
  const count = await counted;
  if (count.rows !== run.points) throw new Error(`FacilFlow acknowledged ${run.points} points but the store holds ${count.rows}`);
  if (count.messages.failed + count.messages.deadLettered > 0) throw new Error(`FacilFlow refused messages: ${JSON.stringify(count.messages)}`);
  const closed = nextMessage<Closed>(server, 'closed');
  server.send({ type: 'close' });
  await closed;
  console.log(`FacilFlow ingest: ${JSON.stringify(count.messages)}; observers: ${JSON.stringify(count.observers)}`);
  return { ...run, serverPeakRss, stored: count.rows };
}

async function runInfluxDb(): Promise<(Outcome & { version: string }) | null> {
  const influx = await startInfluxPeer();
  if (!influx) return null;
  const run = await drive({ kind: 'influxdb', url: influx.url }, influx.pid);
  const serverPeakRss = peakRss(influx.pid);
  const answer = await influx.query('SELECT count(usage_user) FROM cpu');
  const stored = Number(answer.results[0]?.series?.[0]?.values[0]?.[1] ?? 0);
  if (stored !== run.points) throw new Error(`InfluxDB acknowledged ${run.points} points but holds ${stored}`);
  await influx.stop();
  return { ...run, serverPeakRss, stored, version: influx.version };
}

await runBench(async () => {
  console.log(
    `ingest bench${quick ? ' (quick)' : ''}: TSBS cpu-only, ${HOSTS} hosts × ${CPU_FIELDS.length} fields, up to ${formatCount(HOSTS * STEPS)} points or ${DURATION_MS / 1000} s of sending per side; ` +
      `${AGENTS} agents × ${HOSTS_PER_AGENT} points a message, ${WINDOW} in flight each, ${LOAD_PROCESSES} load processes; ` +
      `ingest observers: ${process.env.FF_BENCH_OBSERVERS === 'none' ? 'none (FF_BENCH_OBSERVERS=none)' : 'the standard ones (data quality, lineage)'}`,
  );
  const ours = await runFacilFlow();
  console.log(`FacilFlow done: ${formatCount(ours.points / ours.seconds)} points/s`);
  const peer = await runInfluxDb();
  if (peer) console.log(`InfluxDB done: ${formatCount(peer.points / peer.seconds)} points/s`);

  const rate = (o: Outcome) => o.points / o.seconds;
  const column = (o: Outcome | null) =>
    o === null
      ? Array<string>(9).fill('n/a')
      : [
          formatCount(rate(o)),
          formatCount(rate(o) * CPU_FIELDS.length),
          o.seconds.toFixed(1),
          formatMs(percentile(o.latencies, 50)),
          formatMs(percentile(o.latencies, 99)),
          formatMs(Math.max(...o.latencies)),
          formatMiB(o.serverPeakRss),
          `${Math.round(o.serverCpu)}%`,
          `${Math.round(o.loadCpu)}%`,
        ];
  const labels = ['points/s (rows of 10 fields)', 'field values/s', 'seconds', 'p50 publish→durable ms', 'p99 publish→durable ms', 'max ms', 'server peak RSS', 'server CPU (100% = 1 core)', 'load generators CPU'];
  const ourColumn = column(ours);
  const peerColumn = column(peer);
  console.log('');
  console.log(table(['', 'FacilFlow (MQTT → DuckDB)', peer ? `InfluxDB ${peer.version} (HTTP)` : 'InfluxDB 1.6'], labels.map((label, i) => [label, ourColumn[i]!, peerColumn[i]!])));
  console.log(`stored and counted: FacilFlow ${formatCount(ours.stored)}, InfluxDB ${peer ? formatCount(peer.stored) : 'n/a'}`);
  const targets = [
    `≥ 1,000,000 points/s: ${rate(ours) >= 1_000_000 ? 'met' : 'missed'}`,
    `≥ 2× InfluxDB: ${peer ? (rate(ours) >= 2 * rate(peer) ? 'met' : 'missed') : 'n/a'}`,
    `p99 ≤ 1 s: ${percentile(ours.latencies, 99) <= 1000 ? 'met' : 'missed'}`,
    `peak RSS ≤ 1.5 GiB: ${ours.serverPeakRss <= 1.5 * 1024 ** 3 ? 'met' : 'missed'}`,
  ];
  console.log(`targets: ${targets.join('; ')}`);
  console.log(`ingest: ${formatCount(rate(ours))} points/s (${formatRatio(peer ? rate(ours) / rate(peer) : null)} vs InfluxDB 1.6)`);
});

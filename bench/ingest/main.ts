// npm run bench -- ingest [--quick] [--soak] [--decode-threads N]
//
// TSBS cpu-only rows published by enrolled agents over MQTT (QoS 1, 1,000 points a message)
// through the embedded broker into the tenant's DuckDB store, then the same rows with the same
// concurrency into InfluxDB 1.6 over HTTP. The server side and the load generators are
// separate processes, so RSS and CPU are each one's own. Each side runs a saturation phase
// (its maximum), then a fixed-rate phase at half of FacilFlow's maximum, where latency means
// something; --soak makes FacilFlow's fixed-rate phase 10 minutes long.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkTs, nextMessage } from '../lib/child.ts';
import { onCleanup, runBench } from '../lib/cleanup.ts';
import { startInfluxPeer } from '../lib/influxdb.ts';
import { peakRss } from '../lib/process-usage.ts';
import { formatCount } from '../lib/stats.ts';
import { CPU_FIELDS } from '../lib/tsbs-cpu.ts';
import { startLoadFleet, type FleetShape, type LoadFleet } from './load-fleet.ts';
import type { Closed, CountAnswer, LagAnswer, ServerReady, StartServer } from './messages.ts';
import { printReport, type FacilFlowOutcome, type FixedRateRun, type SideOutcome } from './report.ts';
import { sampleServer, waitForCatchUp, type AskLag } from './server-samples.ts';
import { SoakMinutes } from './soak-minutes.ts';

const quick = process.argv.includes('--quick');
const soak = process.argv.includes('--soak');
/** `--decode-threads N`: ingest decodes on N worker threads (0: on its own thread); absent, FACILFLOW_INGEST_DECODE_THREADS decides. */
const decodeThreadsFlag = process.argv.indexOf('--decode-threads');
const decodeThreads = decodeThreadsFlag === -1 ? undefined : Number(process.argv[decodeThreadsFlag + 1]);
if (decodeThreads !== undefined && !(Number.isInteger(decodeThreads) && decodeThreads >= 0)) throw new Error('--decode-threads takes a whole number of threads, 0 or more');
const HOSTS = 4000;
/** One agent per 1,000 hosts: a message carries one row of each of its hosts, 1,000 points. */
const AGENTS = 4;
const HOSTS_PER_AGENT = HOSTS / AGENTS;
/** Saturation: intervals of 10 s per host, 6,000,000 points in full, 800,000 quick (FF_BENCH_STEPS to try others). */
const STEPS = Number(process.env.FF_BENCH_STEPS ?? (quick ? 200 : 1500));
/** Saturation stops sending after this long, so a slow side still ends: points/s is over what it did in that time. */
const SATURATION_MS = quick ? 10_000 : 60_000;
/** The fixed-rate phase offers this share of FacilFlow's measured maximum (latency at saturation tells nothing). */
const FIXED_RATE_SHARE = 0.5;
const FIXED_RATE_MS = quick ? 8_000 : 20_000;
const SOAK_MS = Number(process.env.FF_BENCH_SOAK_SECONDS ?? 600) * 1000;
/** How long the consumers get to read the saturation phase's backlog before the fixed-rate phase starts regardless. */
const CATCH_UP_LIMIT_MS = Number(process.env.FF_BENCH_CATCHUP_SECONDS ?? (quick ? 60 : 300)) * 1000;
/** Unacknowledged messages per agent (or concurrent HTTP writes per writer). */
const WINDOW = 8;
const SEED = 20160101;
const SHAPE: FleetShape = { processes: 2, slices: AGENTS, hostCount: HOSTS, hostsPerSlice: HOSTS_PER_AGENT, window: WINDOW, seed: SEED };

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Fixed-rate phase: the load paced to `pointsPerSecond` over all agents, the server sampled every second. */
async function runFixedRate(fleet: LoadFleet, serverPid: number, askLag: AskLag, pointsPerSecond: number, durationMs: number, minutes: SoakMinutes | null): Promise<FixedRateRun> {
  const sampling = sampleServer(serverPid, askLag, (sample) => minutes?.addSample(sample));
  const result = await fleet.run({ mode: 'paced', messagesPerSecond: pointsPerSecond / (HOSTS_PER_AGENT * AGENTS), durationMs }, serverPid, (latencies, points) =>
    minutes?.addAcks(latencies, points),
  );
  const samples = await sampling.stop();
  minutes?.finish();
  return { ...result, offeredPointsPerSecond: pointsPerSecond, samples, minutes: minutes?.rows ?? null };
}

async function runFacilFlow(): Promise<FacilFlowOutcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-ingest-'));
  onCleanup('facilflow data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  // FF_BENCH_PROFILE=<dir>: a CPU profile of the server process, to see where the time goes.
  const profile = process.env.FF_BENCH_PROFILE;
  const server = forkTs(here('./server.ts'), [], profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
  const ready = nextMessage<ServerReady>(server, 'ready');
  server.send({ type: 'start', dataDir, agents: AGENTS, ...(decodeThreads === undefined ? {} : { decodeThreads }) } satisfies StartServer);
  const { identities } = await ready;
  const serverPid = server.pid!;
  console.log(`FacilFlow server ready (pid ${serverPid}); ${AGENTS} agents enrolled`);
  const askLag = () => {
    const answer = nextMessage<LagAnswer>(server, 'lagged');
    server.send({ type: 'lag' });
    return answer.then((lagged) => lagged.consumers);
  };

  const fleet = await startLoadFleet({ kind: 'mqtt', identities }, SHAPE);
  console.log('load generators connected; saturation phase');
  const saturation = await fleet.run({ mode: 'saturate', steps: STEPS, durationMs: SATURATION_MS }, serverPid);
  const maximum = saturation.points / saturation.seconds;
  console.log(`FacilFlow saturation: ${formatCount(maximum)} points/s; waiting up to ${CATCH_UP_LIMIT_MS / 1000} s for the stream's consumers to catch up`);
  const catchUp = await waitForCatchUp(askLag, CATCH_UP_LIMIT_MS);
  const fixedMs = soak ? SOAK_MS : FIXED_RATE_MS;
  console.log(`FacilFlow ${soak ? 'soak' : 'fixed-rate phase'}: ${formatCount(FIXED_RATE_SHARE * maximum)} points/s for ${fixedMs / 1000} s`);
  const fixedRate = await runFixedRate(fleet, serverPid, askLag, FIXED_RATE_SHARE * maximum, fixedMs, soak ? new SoakMinutes((line) => console.log(line)) : null);
  await fleet.end();

  const serverPeakRss = peakRss(serverPid);
  const counted = nextMessage<CountAnswer>(server, 'counted');
  server.send({ type: 'count' });
  const count = await counted;
  const acknowledged = saturation.points + fixedRate.points;
  if (count.rows !== acknowledged) throw new Error(`FacilFlow acknowledged ${acknowledged} points but the store holds ${count.rows}`);
  if (count.messages.failed + count.messages.deadLettered > 0) throw new Error(`FacilFlow refused messages: ${JSON.stringify(count.messages)}`);
  const closed = nextMessage<Closed>(server, 'closed');
  server.send({ type: 'close' });
  await closed;
  console.log(`FacilFlow ingest: ${JSON.stringify(count.messages)}`);
  return { saturation, fixedRate, serverPeakRss, stored: count.rows, catchUp, consumersAtEnd: count.consumers };
}

async function runInfluxDb(pointsPerSecond: number): Promise<(SideOutcome & { version: string }) | null> {
  const influx = await startInfluxPeer();
  if (!influx) return null;
  const fleet = await startLoadFleet({ kind: 'influxdb', url: influx.url }, SHAPE);
  console.log('InfluxDB writers connected; saturation phase');
  const saturation = await fleet.run({ mode: 'saturate', steps: STEPS, durationMs: SATURATION_MS }, influx.pid);
  console.log(`InfluxDB saturation: ${formatCount(saturation.points / saturation.seconds)} points/s; fixed-rate phase at FacilFlow's rate for ${FIXED_RATE_MS / 1000} s${soak ? ' (the soak is FacilFlow only)' : ''}`);
  const fixedRate = await runFixedRate(fleet, influx.pid, null, pointsPerSecond, FIXED_RATE_MS, null);
  await fleet.end();
  const serverPeakRss = peakRss(influx.pid);
  const answer = await influx.query('SELECT count(usage_user) FROM cpu');
  const stored = Number(answer.results[0]?.series?.[0]?.values[0]?.[1] ?? 0);
  const acknowledged = saturation.points + fixedRate.points;
  if (stored !== acknowledged) throw new Error(`InfluxDB acknowledged ${acknowledged} points but holds ${stored}`);
  await influx.stop();
  return { saturation, fixedRate, serverPeakRss, stored, version: influx.version };
}

await runBench(async () => {
  console.log(
    `ingest bench${quick ? ' (quick)' : ''}${soak ? ' (soak)' : ''}: TSBS cpu-only, ${HOSTS} hosts × ${CPU_FIELDS.length} fields; ` +
      `saturation up to ${formatCount(HOSTS * STEPS)} points or ${SATURATION_MS / 1000} s per side, then ${FIXED_RATE_SHARE * 100}% of FacilFlow's maximum for ${(soak ? SOAK_MS : FIXED_RATE_MS) / 1000} s; ` +
      `${AGENTS} agents × ${HOSTS_PER_AGENT} points a message, up to ${WINDOW} in flight each, ${SHAPE.processes} load processes; ` +
      `decode: ${decodeThreads === undefined ? 'FACILFLOW_INGEST_DECODE_THREADS' : decodeThreads === 0 ? 'on the ingest thread' : `${decodeThreads} worker threads`}; ` +
      `stream consumers: ${process.env.FF_BENCH_OBSERVERS === 'none' ? 'none (FF_BENCH_OBSERVERS=none)' : 'the standard ones (data quality, lineage), as in production'}`,
  );
  const ours = await runFacilFlow();
  const peer = await runInfluxDb(ours.fixedRate.offeredPointsPerSecond);
  printReport(ours, peer, { soak, fixedRateShare: FIXED_RATE_SHARE });
});

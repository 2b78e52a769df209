// npm run bench -- query [--quick]
//
// TSBS cpu-only data (1,000 hosts × 3 days at 10 s; quick: 100 hosts × 12 h) loaded into the
// tenant's DuckDB store and into InfluxDB 1.6, then the TSBS query types with seeded random
// parameters, each instance run on both sides in turn. FacilFlow's side is the store's
// guarded read-only query for the tenant, the path of telemetry.query; InfluxDB's is
// InfluxQL over HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchPlatform, registerSchema } from '../lib/bench-platform.ts';
import { forkTs, nextMessage } from '../lib/child.ts';
import { onCleanup, runBench } from '../lib/cleanup.ts';
import { startInfluxPeer, type InfluxPeer } from '../lib/influxdb.ts';
import { seededRandom } from '../lib/seeded-random.ts';
import { formatCount, formatMs, formatRatio, percentile, table } from '../lib/stats.ts';
import { CPU_INTERVAL_MS, CpuRows, hostTags, TSBS_START_MS } from '../lib/tsbs-cpu.ts';
import { cpuSchema } from '../ingest/cpu-schema.ts';
import type { LoadInflux } from './load-influx.ts';
import { QUERY_TYPES, type DataSpan } from './tsbs-queries.ts';

const quick = process.argv.includes('--quick');
const HOSTS = quick ? 100 : 1000;
const HOURS = quick ? 12 : 72;
const STEPS = (HOURS * 3600_000) / CPU_INTERVAL_MS;
const WARMUP = quick ? 3 : 5;
const RUNS = quick ? 20 : 100;
const SEED = 20160101;
/** Steps of all hosts per store write while loading (big chunks: loading is not what is measured). */
const STEPS_PER_WRITE = quick ? 100 : 20;

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Timing {
  ours: number[];
  influx: number[];
  ourRows: number;
  influxRows: number;
}

await runBench(async () => {
  console.log(`query bench${quick ? ' (quick)' : ''}: TSBS cpu-only, ${HOSTS} hosts × ${HOURS} h at 10 s = ${formatCount(HOSTS * STEPS)} rows; ${RUNS} runs per type after ${WARMUP} warm-up`);
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-query-'));
  onCleanup('facilflow data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const bench = await createBenchPlatform(dataDir, { startBroker: false });
  onCleanup('facilflow platform', () => bench.platform.close());
  await registerSchema(bench, cpuSchema);
  const store = bench.platform.services.timeseries;

  const influx: InfluxPeer | null = await startInfluxPeer();
  const loadStarted = performance.now();
  let influxLoaded: Promise<number> = Promise.resolve(Number.NaN);
  if (influx) {
    const loader = forkTs(here('./load-influx.ts'));
    const loaded = nextMessage(loader, 'loaded');
    loader.send({ type: 'start', url: influx.url, hosts: HOSTS, steps: STEPS, seed: SEED } satisfies LoadInflux);
    influxLoaded = loaded.then(() => (performance.now() - loadStarted) / 1000);
  }
  const rows = new CpuRows(hostTags(HOSTS, SEED), SEED);
  // Two writes in flight: the next chunk is built while DuckDB commits the previous one.
  let previous: Promise<void> = Promise.resolve();
  for (let step = 0; step < STEPS; ) {
    const points = [];
    for (let i = 0; i < STEPS_PER_WRITE && step < STEPS; i++, step++) points.push(...rows.points(rows.advance()));
    await previous;
    previous = store.write(bench.tenantId, points).then((result) => {
      if (result.rejected.length > 0) throw new Error(`the store refused points: ${result.rejected[0]!.reason}`);
    });
  }
  await previous;
  const ourLoad = (performance.now() - loadStarted) / 1000;
  const influxLoad = await influxLoaded;
  console.log(`loaded: FacilFlow ${ourLoad.toFixed(1)} s, InfluxDB ${influx ? `${influxLoad.toFixed(1)} s` : 'n/a'} (both at once)`);
  const counted = await store.query(bench.tenantId, 'SELECT count(*) FROM cpu', { maxRows: 1, timeoutMs: 600_000 });
  if (Number(counted.rows[0]?.[0]) !== HOSTS * STEPS) throw new Error(`FacilFlow holds ${String(counted.rows[0]?.[0])} rows, expected ${HOSTS * STEPS}`);
  if (influx) {
    const answer = await influx.query('SELECT count(usage_user) FROM cpu');
    const held = Number(answer.results[0]?.series?.[0]?.values[0]?.[1] ?? 0);
    if (held !== HOSTS * STEPS) throw new Error(`InfluxDB holds ${held} rows, expected ${HOSTS * STEPS}`);
  }

  // The store sorts closed time windows by series in the background as the load goes on; this waits for what is left.
  const compactStarted = performance.now();
  const compacted = await store.compact?.(bench.tenantId);
  console.log(
    compacted
      ? `compaction: ${compacted.windows} windows (${formatCount(compacted.rows)} rows) left after loading, sorted in ${((performance.now() - compactStarted) / 1000).toFixed(1)} s`
      : 'compaction: not offered by this store',
  );

  const span: DataSpan = { hosts: HOSTS, startMs: TSBS_START_MS, endMs: TSBS_START_MS + STEPS * CPU_INTERVAL_MS };
  const timings = new Map<string, Timing>();
  for (const [t, type] of QUERY_TYPES.entries()) {
    const random = seededRandom(SEED + t);
    const timing: Timing = { ours: [], influx: [], ourRows: 0, influxRows: 0 };
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const pair = type.make(random, span);
      // Each instance runs on both sides back to back, so load from elsewhere on the machine falls on both.
      let began = performance.now();
      const result = await store.query(bench.tenantId, pair.sql, { maxRows: 100_000, timeoutMs: 60_000 });
      const ours = performance.now() - began;
      if (run >= WARMUP) {
        timing.ours.push(ours);
        timing.ourRows += result.rowCount;
      }
      if (influx) {
        began = performance.now();
        const answer = await influx.query(pair.influxql);
        const theirs = performance.now() - began;
        if (run >= WARMUP) {
          timing.influx.push(theirs);
          timing.influxRows += (answer.results[0]?.series ?? []).reduce((sum, series) => sum + series.values.length, 0);
        }
      }
    }
    timings.set(type.name, timing);
    const p50 = percentile(timing.ours, 50);
    console.log(`  ${type.name}: FacilFlow p50 ${formatMs(p50)} ms, InfluxDB p50 ${influx ? formatMs(percentile(timing.influx, 50)) : 'n/a'} ms`);
  }

  // lastpoint as telemetry.latest answers it: the store's last-value cache (one value per host and field), against the
  // same InfluxQL. Its first call fills the cache from the tables and is reported on its own.
  let started = performance.now();
  await store.latest(bench.tenantId, { measurement: 'cpu' });
  const cacheFillMs = performance.now() - started;
  const latestTiming: Timing = { ours: [], influx: [], ourRows: 0, influxRows: 0 };
  for (let run = 0; run < WARMUP + RUNS; run++) {
    started = performance.now();
    const values = await store.latest(bench.tenantId, { measurement: 'cpu' });
    const ours = performance.now() - started;
    if (run >= WARMUP) {
      latestTiming.ours.push(ours);
      latestTiming.ourRows += values.length;
    }
    if (influx) {
      started = performance.now();
      const answer = await influx.query('SELECT last(*) FROM cpu GROUP BY hostname');
      const theirs = performance.now() - started;
      if (run >= WARMUP) {
        latestTiming.influx.push(theirs);
        latestTiming.influxRows += (answer.results[0]?.series ?? []).reduce((sum, series) => sum + series.values.length, 0);
      }
    }
  }
  const LATEST = 'lastpoint (telemetry.latest)';
  timings.set(LATEST, latestTiming);
  console.log(`  ${LATEST}: FacilFlow p50 ${formatMs(percentile(latestTiming.ours, 50))} ms (first call, filling the cache: ${formatMs(cacheFillMs)} ms), InfluxDB p50 ${influx ? formatMs(percentile(latestTiming.influx, 50)) : 'n/a'} ms`);
  const reported = [...QUERY_TYPES.map((type) => type.name), LATEST];

  const ratioOf = (timing: Timing) => (influx ? percentile(timing.ours, 50) / percentile(timing.influx, 50) : null);
  console.log('');
  console.log(
    table(
      ['query type', 'FacilFlow p50 ms', 'p99 ms', 'rows/query', `InfluxDB ${influx?.version ?? '1.6'} p50 ms`, 'p99 ms', 'rows/query', 'p50 ratio', 'target ≤ 0.5×'],
      reported.map((name) => {
        const timing = timings.get(name)!;
        const ratio = ratioOf(timing);
        return [
          name,
          formatMs(percentile(timing.ours, 50)),
          formatMs(percentile(timing.ours, 99)),
          formatCount(timing.ourRows / RUNS),
          influx ? formatMs(percentile(timing.influx, 50)) : 'n/a',
          influx ? formatMs(percentile(timing.influx, 99)) : 'n/a',
          influx ? formatCount(timing.influxRows / RUNS) : 'n/a',
          formatRatio(ratio),
          ratio === null ? 'n/a' : ratio <= 0.5 ? 'met' : 'missed',
        ];
      }),
    ),
  );
  for (const name of ['lastpoint', LATEST]) {
    const lastpoint = percentile(timings.get(name)!.ours, 50);
    console.log(`${name} ≤ 10 ms: ${lastpoint <= 10 ? 'met' : 'missed'} (${formatMs(lastpoint)} ms p50)`);
  }
  let worst = reported[0]!;
  for (const name of reported) if ((ratioOf(timings.get(name)!) ?? 0) > (ratioOf(timings.get(worst)!) ?? 0)) worst = name;
  const worstRatio = ratioOf(timings.get(worst)!);
  // The worst query type by ratio names the figure: its p50 and how it compares.
  console.log(`query: ${formatMs(percentile(timings.get(worst)!.ours, 50))} ms p50 at the worst ratio, ${worst} (${formatRatio(worstRatio)} vs InfluxDB 1.6)`);
});

// npm run bench -- quality [--quick]
//
// The data-quality monitor alone: the demo plant's telemetry (the simulator's own signals,
// `copies` plants side by side, FF_BENCH_COPIES / FF_BENCH_MINUTES to change) fed to a monitor
// as fast as it takes it, writing to PGlite: once as one-second batches with a tick every 5 s
// of plant time (real-time shape), once as one-minute batches with a tick after each (a
// consumer catching up). Reports points/s through observe + tick + persistence (wall and CPU)
// and the rows the quality tables hold per minute of plant time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQualityMonitor } from '@facilflow/core';
import { sql } from '@facilflow/db';
import { DEMO_PLANT_MODEL_PATH, loadPlantModel, plantMeasurementSchemas, type PlantModel } from '@facilflow/simulator';
import { createBenchPlatform, registerSchema } from '../lib/bench-platform.ts';
import { onCleanup, runBench } from '../lib/cleanup.ts';
import { formatCount, table } from '../lib/stats.ts';
import { plantTelemetry } from '../../packages/core/test/quality/plant-telemetry.ts';

const quick = process.argv.includes('--quick');
const COPIES = Number(process.env.FF_BENCH_COPIES ?? (quick ? 10 : 100));
const PLANT_MINUTES = Number(process.env.FF_BENCH_MINUTES ?? (quick ? 5 : 15));
const TICK_EVERY_S = 5;
const BACKLOG_BATCH_S = 60;
const START_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

interface ShapeResult {
  points: number;
  wallSeconds: number;
  cpuSeconds: number;
  rows: Array<[string, number]>;
  openIssues: number;
}

/** One monitor fed the plant in batches of `batchSeconds` of plant time, a tick every `tickEverySeconds`, on a fresh platform. */
async function runShape(model: PlantModel, batchSeconds: number, tickEverySeconds: number): Promise<ShapeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-quality-'));
  onCleanup('data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const bench = await createBenchPlatform(dataDir, { startBroker: false });
  onCleanup('platform', () => bench.platform.close());
  for (const definition of plantMeasurementSchemas(model)) await registerSchema(bench, definition);

  const plant = plantTelemetry(model, { startMs: START_MS, seed: 1, copies: COPIES });
  let clockMs = START_MS;
  const failures: string[] = [];
  const monitor = createQualityMonitor({
    services: bench.platform.services,
    now: () => new Date(clockMs),
    tickIntervalMs: 0,
    log: (message, error) => void failures.push(`${message}: ${String(error)}`),
  });
  let points = 0;
  let wallMs = 0;
  let cpuMicros = 0;
  const measure = async (step: () => Promise<void>) => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await step();
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    wallMs += performance.now() - wall;
  };
  for (let second = 0; second < PLANT_MINUTES * 60; second += batchSeconds) {
    const batch = plant.between(second, second + batchSeconds);
    clockMs = START_MS + (second + batchSeconds) * 1000;
    await measure(async () => {
      await monitor.observe({ tenantId: bench.tenantId, agentId: null, points: batch, receivedAt: new Date(clockMs) });
      if ((second + batchSeconds) % tickEverySeconds === 0) await monitor.tick();
    });
    points += batch.length;
  }
  await measure(() => monitor.close());
  if (failures.length > 0) throw new Error(`the monitor reported failures:\n${failures.slice(0, 5).join('\n')}`);
  const rows = await bench.platform.services.db.withSystem('count quality rows for the bench', async (tx) => {
    const tables = (await tx.execute(sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname like 'quality%' order by c.relname`)) as unknown as { rows: Array<{ name: string }> };
    const counts: Array<[string, number]> = [];
    for (const { name } of tables.rows) {
      const counted = (await tx.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`)) as unknown as { rows: Array<{ n: number }> };
      counts.push([name, counted.rows[0]!.n]);
    }
    return counts;
  });
  return { points, wallSeconds: wallMs / 1000, cpuSeconds: cpuMicros / 1e6, rows, openIssues: monitor.stats().openIssues };
}

await runBench(async () => {
  const model = await loadPlantModel(DEMO_PLANT_MODEL_PATH);
  console.log(`demo plant × ${COPIES}, ${PLANT_MINUTES} min of plant time`);
  const shapes = [
    { name: 'real time: 1 s batches, tick every 5 s', result: await runShape(model, 1, TICK_EVERY_S) },
    { name: `backlog: ${BACKLOG_BATCH_S} s batches, tick after each`, result: await runShape(model, BACKLOG_BATCH_S, BACKLOG_BATCH_S) },
  ];
  const tables = [...new Set(shapes.flatMap((shape) => shape.result.rows.map(([name]) => name)))];
  const rowsOf = (result: ShapeResult) => result.rows.reduce((sum, [, n]) => sum + n, 0);
  console.log(
    table(
      ['', ...shapes.map((shape) => shape.name)],
      [
        ['points', ...shapes.map((shape) => formatCount(shape.result.points))],
        ['monitor wall time (observe + tick + close)', ...shapes.map((shape) => `${shape.result.wallSeconds.toFixed(1)} s`)],
        ['monitor CPU time', ...shapes.map((shape) => `${shape.result.cpuSeconds.toFixed(1)} s`)],
        ['points/s (wall)', ...shapes.map((shape) => formatCount(shape.result.points / shape.result.wallSeconds))],
        ['points per CPU second', ...shapes.map((shape) => formatCount(shape.result.points / shape.result.cpuSeconds))],
        ...tables.map((name) => [`rows in ${name}`, ...shapes.map((shape) => formatCount(shape.result.rows.find(([n]) => n === name)?.[1] ?? 0))]),
        ['rows per minute of plant time', ...shapes.map((shape) => formatCount(rowsOf(shape.result) / PLANT_MINUTES))],
        ['open issues at the end', ...shapes.map((shape) => formatCount(shape.result.openIssues))],
      ],
    ),
  );
  const [realTime, backlog] = shapes.map((shape) => shape.result) as [ShapeResult, ShapeResult];
  console.log(
    `quality: ${formatCount(realTime.points / realTime.wallSeconds)} points/s in real time, ${formatCount(backlog.points / backlog.wallSeconds)} from a backlog; ${formatCount(rowsOf(realTime) / PLANT_MINUTES)} rows per plant minute (no peer)`,
  );
});

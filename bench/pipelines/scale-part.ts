// Part 3, scale: the seeds ask for 1,000+ concurrent tasks, API answers under 100 ms and 100+
// workers. A burst of runs over `processes` worker processes of `slotsPerProcess` slots each (the
// logical workers) on one PostgreSQL and one BullMQ queue, while pipelines.get is called over tRPC
// at a fixed rate against a `--roles web` server process; the API's latency under that load.
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { scratchDatabase } from '../lib/scratch-database.ts';
import { forkTs, nextMessage } from '../lib/child.ts';
import type { CountRuns, RunCounts, RunsTriggered, ScaleServerReady, ScaleServices, ScaleShape, ScaleWorkerReady, StartScaleServer, StartScaleWorker } from './scale-messages.ts';
import { scratchRedisPrefix } from './scratch-redis.ts';

const BENCH_DATABASE_URL = process.env.FF_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_REDIS_URL = process.env.FF_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FINISHED = ['succeeded', 'failed', 'cancelled'];
const RUNS_TIMEOUT_MS = 15 * 60_000;

export interface ScaleOutcome {
  shape: ScaleShape;
  /** From the first run started to the last one ended. */
  wallMs: number;
  triggerMs: number;
  byStatus: Record<string, number>;
  /** The most runs queued or running at one count (every 250 ms). */
  peakInFlight: number;
  peakRunning: number;
  apiMs: number[];
  apiErrors: number;
}

/** pipelines.get over tRPC at a fixed rate until stopped: each call's milliseconds, and the failures. */
function pollPipelinesGet(server: ScaleServerReady, perSecond: number): { stop(): Promise<{ ms: number[]; errors: number }> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const ms: number[] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const path = `/api/trpc/pipelines.get?input=${encodeURIComponent(JSON.stringify({ id: server.pipelineId }))}`;
  const call = () =>
    new Promise<void>((resolve) => {
      const startedAt = performance.now();
      const req = request(`${server.url}${path}`, { agent, headers: { authorization: `Bearer ${server.apiKey}` } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) ms.push(performance.now() - startedAt);
          else errors += 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  // Open loop: a call every interval whether the last one answered or not, so a slow API shows as latency, not as fewer calls.
  const timer = setInterval(() => {
    const pending = call();
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  }, 1000 / perSecond);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      agent.destroy();
      return { ms, errors };
    },
  };
}

export async function runScalePart(shape: ScaleShape): Promise<ScaleOutcome> {
  const services: ScaleServices = {
    databaseUrl: await scratchDatabase(BENCH_DATABASE_URL, 'ff_bench_scale'),
    redisUrl: BENCH_REDIS_URL,
    redisPrefix: `${scratchRedisPrefix(BENCH_REDIS_URL, 'scale')}:`,
  };
  const serverChild = forkTs(fileURLToPath(new URL('./scale-server.ts', import.meta.url)));
  const serverReady = nextMessage<ScaleServerReady>(serverChild, 'ready');
  serverChild.send({ type: 'start', ...services, shape } satisfies StartScaleServer);
  const server = await serverReady;
  // After the server, which ran the migrations: the workers find the schema in place.
  const workers = Array.from({ length: shape.processes }, () => forkTs(fileURLToPath(new URL('./scale-worker.ts', import.meta.url))));
  await Promise.all(
    workers.map((worker) => {
      const ready = nextMessage<ScaleWorkerReady>(worker, 'ready');
      worker.send({ type: 'start', ...services, slots: shape.slotsPerProcess } satisfies StartScaleWorker);
      return ready;
    }),
  );
  const count = async () => {
    const counted = nextMessage<RunCounts>(serverChild, 'counted');
    serverChild.send({ type: 'count' } satisfies CountRuns);
    return (await counted).byStatus;
  };

  const poller = pollPipelinesGet(server, shape.apiCallsPerSecond);
  const startedAt = performance.now();
  const triggered = nextMessage<RunsTriggered>(serverChild, 'triggered');
  serverChild.send({ type: 'trigger' });
  let peakInFlight = 0;
  let peakRunning = 0;
  let byStatus: Record<string, number> = {};
  let triggerMs = Number.NaN;
  void triggered.then((message) => (triggerMs = message.ms));
  for (;;) {
    byStatus = await count();
    const finished = FINISHED.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
    peakInFlight = Math.max(peakInFlight, (byStatus.queued ?? 0) + (byStatus.running ?? 0) + (byStatus.paused ?? 0));
    peakRunning = Math.max(peakRunning, byStatus.running ?? 0);
    if (finished >= shape.runs) break;
    if (performance.now() - startedAt > RUNS_TIMEOUT_MS) throw new Error(`scale: ${finished} of ${shape.runs} runs ended within ${RUNS_TIMEOUT_MS / 60_000} min: ${JSON.stringify(byStatus)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const wallMs = performance.now() - startedAt;
  await triggered;
  const api = await poller.stop();

  const closing = [serverChild, ...workers].map((child) => nextMessage(child, 'closed'));
  for (const child of [...workers, serverChild]) child.send({ type: 'close' });
  await Promise.all(closing);
  return { shape, wallMs, triggerMs, byStatus, peakInFlight, peakRunning, apiMs: api.ms, apiErrors: api.errors };
}

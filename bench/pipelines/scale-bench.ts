// Part 3, scale: many runs at once over many logical workers in several processes, and the API's
// p99 while they run, beside its p99 idle.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkTs, nextMessage } from '../lib/child.ts';
import { onCleanup } from '../lib/cleanup.ts';
import type { RunsFinished, RunsTriggered, ScaleApiReady, StartScaleApi, StartScaleWorker } from './scale-messages.ts';
import { scratchDatabase } from './scratch-postgres.ts';
import { scratchRedisPrefix } from './scratch-redis.ts';
import { pipelinesGetClient, sampleWhile } from './trpc-get.ts';

export interface ScaleShape {
  runs: number;
  processes: number;
  workersPerProcess: number;
  stagesPerRun: number;
  idleCalls: number;
}

export interface ScaleOutcome {
  shape: ScaleShape;
  idleMs: number[];
  /** Calls made while the API process was still starting the runs (each a queued run record and a job). */
  whileTriggeringMs: number[];
  /** Calls made once every run was started, while the workers ran them. */
  whileRunningMs: number[];
  triggerAllMs: number;
  /** From the trigger of the first run to the last run's last stage. */
  allDoneMs: number;
}

const GAP_MS = 5;
const LOAD_TIMEOUT_MS = 300_000;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function startChild(file: string, start: unknown, name: string): ChildProcess {
  const dataDir = mkdtempSync(join(tmpdir(), `ff-bench-${name}-`));
  onCleanup(`${name} data dir`, () => rmSync(dataDir, { recursive: true, force: true }));
  const child = forkTs(here(file));
  onCleanup(name, async () => {
    const closed = nextMessage(child, 'closed').catch(() => undefined);
    child.send({ type: 'close' });
    await closed;
  });
  child.send({ ...(start as object), dataDir });
  return child;
}

export async function runScaleBench(shape: ScaleShape, redisUrl: string): Promise<ScaleOutcome> {
  const env = { DATABASE_URL: await scratchDatabase(), REDIS_URL: redisUrl, FACILFLOW_REDIS_PREFIX: scratchRedisPrefix(redisUrl, 'scale') };
  // The API process first: it migrates the scratch database the workers then open.
  const api = startChild('./scale-api.ts', { type: 'start', env, stages: shape.stagesPerRun } satisfies Omit<StartScaleApi, 'dataDir'>, 'scale api');
  const { url, apiKey, pipelineId } = await nextMessage<ScaleApiReady>(api, 'ready');
  const workers = Array.from({ length: shape.processes }, (_, i) =>
    startChild('./scale-worker.ts', { type: 'start', env, concurrency: shape.workersPerProcess, lastStageId: `s${shape.stagesPerRun - 1}` } satisfies Omit<StartScaleWorker, 'dataDir'>, `scale worker ${i}`),
  );
  await Promise.all(workers.map((worker) => nextMessage(worker, 'ready')));
  console.log(`scale: API at ${url}, ${shape.processes} worker processes × ${shape.workersPerProcess} run slots on BullMQ and PostgreSQL`);

  const get = pipelinesGetClient(url, apiKey, pipelineId);
  const idleMs: number[] = [];
  for (let i = 0; i < shape.idleCalls; i++) {
    idleMs.push(await get());
    await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  }

  let finished = 0;
  const allDone = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`scale: ${finished} of ${shape.runs} runs finished within ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
    for (const worker of workers) {
      worker.on('message', (message: RunsFinished) => {
        if (message.type !== 'finished') return;
        finished += message.count;
        if (finished >= shape.runs) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
  const began = performance.now();
  let triggeredAt = Number.POSITIVE_INFINITY;
  const triggered = nextMessage<RunsTriggered>(api, 'triggered').then((answer) => {
    triggeredAt = performance.now();
    return answer;
  });
  api.send({ type: 'trigger', count: shape.runs });
  const samples = await sampleWhile(get, allDone, GAP_MS);
  await allDone;
  const allDoneMs = performance.now() - began;
  const { ms: triggerAllMs } = await triggered;
  return {
    shape,
    idleMs,
    whileTriggeringMs: samples.filter((sample) => sample.at < triggeredAt).map((sample) => sample.ms),
    whileRunningMs: samples.filter((sample) => sample.at >= triggeredAt).map((sample) => sample.ms),
    triggerAllMs,
    allDoneMs,
  };
}

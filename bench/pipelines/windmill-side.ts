// Windmill's method in a process of its own: one platform (PGlite, as the embedded default), our
// run worker and the raw jobs on the in-process queue, then both again on BullMQ.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchPlatform } from '../lib/bench-platform.ts';
import { childMain, fromParent } from '../lib/child.ts';
import { rawBullMqJobs, rawInProcessJobs, type RawJobs } from './raw-jobs.ts';
import { useRedisMessaging } from './redis-messaging.ts';
import { publishWindmillPipelines, startRunEngine } from './run-engine.ts';
import { runWindmill, type WindmillOutcome, type WindmillShape } from './windmill-bench.ts';

export interface StartWindmillSide {
  type: 'start';
  redisUrl: string;
  /** The key prefix for everything on Redis; the parent deletes its keys at the end. */
  redisPrefix: string;
  /** Stages of one run at once on our side, and the raw worker's concurrency: the same parallelism on both. */
  concurrency: number;
  shape: WindmillShape;
}
export interface WindmillSideDone {
  type: 'done';
  outcomes: WindmillOutcome[];
}

childMain(async () => {
  const start = await fromParent<StartWindmillSide>('start');
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-bench-windmill-'));
  // One platform for both queues: starting a second one (migrations) would double the part's time, not its information.
  const bench = await createBenchPlatform(dataDir, { startBroker: false });
  const outcomes: WindmillOutcome[] = [];
  const pipelines = await publishWindmillPipelines(bench, start.shape);
  const side = async (label: string, raw: RawJobs) => {
    // One run at a time (the runs are timed one after the other), its stages `concurrency` at once.
    const engine = await startRunEngine(bench, pipelines, { concurrency: 1, maxConcurrentStages: start.concurrency });
    try {
      outcomes.push(await runWindmill(label, engine, raw, start.shape));
    } finally {
      await engine.close();
      await raw.close();
    }
  };
  try {
    await side('in-process queue', await rawInProcessJobs(start.concurrency));
    const redis = await useRedisMessaging(bench, start.redisUrl, start.redisPrefix);
    try {
      await side('BullMQ (Redis)', await rawBullMqJobs(start.redisUrl, `${start.redisPrefix}raw`, start.concurrency));
    } finally {
      await redis.close();
    }
  } finally {
    await bench.platform.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  // Told once everything is closed, then gone.
  process.send?.({ type: 'done', outcomes } satisfies WindmillSideDone, () => process.exit(0));
});

// Part 2 from the parent: Windmill's method in a child process (a fresh platform, nothing left
// over from the stream part), both queues one after the other so they never share the two cores.
import { fileURLToPath } from 'node:url';
import { forkTs, nextMessage } from '../lib/child.ts';
import { scratchRedisPrefix } from './scratch-redis.ts';
import type { WindmillOutcome, WindmillShape } from './windmill-bench.ts';
import type { StartWindmillSide, WindmillSideDone } from './windmill-side.ts';

/** The machine's Redis (FF_BENCH_REDIS_URL for another on this host). */
const BENCH_REDIS_URL = process.env.FF_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function runWindmillPart(concurrency: number, shape: WindmillShape): Promise<WindmillOutcome[]> {
  // Every key of the part (platform queue and bus, raw jobs) under one prefix, deleted at cleanup whatever happens to the child.
  const redisPrefix = `${scratchRedisPrefix(BENCH_REDIS_URL, 'windmill')}:`;
  // FF_BENCH_CPU_PROF=<dir> writes the side's CPU profile there (node --cpu-prof).
  const profile = process.env.FF_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.FF_BENCH_CPU_PROF}`] : [];
  const child = forkTs(fileURLToPath(new URL('./windmill-side.ts', import.meta.url)), [], profile);
  const done = nextMessage<WindmillSideDone>(child, 'done');
  child.send({ type: 'start', redisUrl: BENCH_REDIS_URL, redisPrefix, concurrency, shape } satisfies StartWindmillSide);
  const { outcomes } = await done;
  await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return outcomes;
}

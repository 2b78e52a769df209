// The peer of Windmill's method: the same chain and fan-out as plain queue jobs, no pipeline
// around them. On BullMQ: bullmq's own Queue and Worker on Redis, defaults otherwise. In process:
// the platform's in-process JobQueue, the queue our runs use when there is no Redis.
import { randomBytes } from 'node:crypto';
import { createInProcessQueue } from '@facilflow/messaging';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

type Handler = (data: RawJobData) => Promise<void>;

interface RawJobData {
  batch: string;
  index: number;
}

/** A queue reduced to what the chain and the fan-out need. */
interface RawQueue {
  add(data: RawJobData): Promise<void>;
  addMany(data: RawJobData[]): Promise<void>;
  close(): Promise<void>;
}

export interface RawJobs {
  /** `length` jobs, each added by the one before it: from the first add to the last job's end, ms. */
  chain(length: number): Promise<number>;
  /** `width` jobs added at once: from the add to the last job's end, ms. */
  fanOut(width: number): Promise<number>;
  close(): Promise<void>;
}

function rawJobs(open: (handler: Handler) => Promise<RawQueue>): Promise<RawJobs> {
  const waiting = new Map<string, { remaining: number; chainLength: number | null; done: (endedAt: number) => void }>();
  let queue: RawQueue | null = null;
  const handler: Handler = async (data) => {
    const batch = waiting.get(data.batch);
    if (!batch) return;
    if (batch.chainLength !== null && data.index + 1 < batch.chainLength) await queue!.add({ batch: data.batch, index: data.index + 1 });
    if (--batch.remaining === 0) {
      waiting.delete(data.batch);
      batch.done(performance.now());
    }
  };
  const run = async (count: number, chainLength: number | null, start: (batch: string) => Promise<void>) => {
    const batch = randomBytes(6).toString('hex');
    const ended = new Promise<number>((resolve) => waiting.set(batch, { remaining: count, chainLength, done: resolve }));
    const began = performance.now();
    await start(batch);
    return (await ended) - began;
  };
  return open(handler).then((opened) => {
    queue = opened;
    return {
      chain: (length) => run(length, length, (batch) => opened.add({ batch, index: 0 })),
      fanOut: (width) => run(width, null, (batch) => opened.addMany(Array.from({ length: width }, (_, index) => ({ batch, index })))),
      close: () => opened.close(),
    };
  });
}

/** Raw BullMQ on the given Redis, under the bench's scratch prefix (emptied at the end, and by the parent's cleanup if this process dies). */
export function rawBullMqJobs(redisUrl: string, prefix: string, concurrency: number): Promise<RawJobs> {
  return rawJobs(async (handler) => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue<RawJobData>('raw', { connection, prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
    const worker = new Worker<RawJobData>('raw', (job) => handler(job.data), { connection: connection.duplicate(), prefix, concurrency });
    await worker.waitUntilReady();
    return {
      add: async (data) => void (await queue.add('noop', data)),
      addMany: async (data) => void (await queue.addBulk(data.map((item) => ({ name: 'noop', data: item })))),
      async close() {
        await worker.close();
        await queue.obliterate({ force: true });
        await queue.close();
        connection.disconnect();
      },
    };
  });
}

/** Raw jobs on the in-process JobQueue. */
export function rawInProcessJobs(concurrency: number): Promise<RawJobs> {
  return rawJobs(async (handler) => {
    const queue = createInProcessQueue();
    await queue.process('raw', (job) => handler(job.data as RawJobData), { concurrency });
    return {
      add: async (data) => void (await queue.add('raw', 'noop', data)),
      addMany: async (data) => void (await Promise.all(data.map((item) => queue.add('raw', 'noop', item)))),
      close: () => queue.close(),
    };
  });
}

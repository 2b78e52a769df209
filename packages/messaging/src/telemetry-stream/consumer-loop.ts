import type { WrittenBatch } from '@facilflow/contracts';
import { errorMessage, type MessagingLog } from '../log.ts';
import type { StreamConsumer } from './written-telemetry-stream.ts';

const YIELD_EVERY_MS = 10;

export interface ConsumerCounts {
  processed: number;
  failed: number;
  skipped?: number;
}

export interface NextBatch {
  batch: WrittenBatch;
  /** Called once the consumer observed it (processed or failed). */
  done?: () => void;
}

export interface ConsumerLoopOptions {
  consumer: StreamConsumer;
  counts: ConsumerCounts;
  checkpointIntervalMs: number;
  log: MessagingLog;
  now: () => number;
  /**
   * The next batch, waiting for one if none is there; null once `stopped` aborts. Before it
   * waits it calls `idle`, which checkpoints when one is due and answers how many ms until
   * the next one is (null: nothing to checkpoint), so the wait ends in time for it.
   */
  next(stopped: AbortSignal, idle: (force?: 'now') => Promise<number | null>): Promise<NextBatch | null>;
  /** Everything handed out so far is checkpointed: the stream may forget it. */
  acknowledge(): Promise<void>;
}

/**
 * One consumer reading one stream: observe each batch in order, then every
 * `checkpointIntervalMs` (also while the stream is dry, and when stopping) let the consumer
 * make its results durable and only then acknowledge. Not at every dry moment: a consumer
 * that keeps up runs dry after each batch, and a checkpoint per batch (a database write)
 * would cost more than the batches. A consumer that fails on a batch is logged
 * and counted, and moves on: one bad batch must not stall every later one.
 */
export function runConsumerLoop(options: ConsumerLoopOptions): { stop(): Promise<void> } {
  const { consumer, counts, log } = options;
  const stopped = new AbortController();
  let unacknowledged = 0;
  let lastCheckpoint = options.now();

  const checkpoint = async (): Promise<void> => {
    if (unacknowledged === 0) return;
    try {
      await consumer.checkpoint?.();
    } catch (error) {
      // Not acknowledged: after a restart these batches come again rather than being lost.
      log.error('telemetry consumer checkpoint failed', { consumer: consumer.name, error: errorMessage(error) });
      return;
    }
    unacknowledged = 0;
    lastCheckpoint = options.now();
    await options.acknowledge();
  };

  const checkpointIfDue = async (force?: 'now'): Promise<number | null> => {
    if (unacknowledged === 0) return null;
    const dueIn = lastCheckpoint + options.checkpointIntervalMs - options.now();
    if (dueIn > 0 && force !== 'now') return dueIn;
    await checkpoint();
    return unacknowledged === 0 ? null : options.checkpointIntervalMs;
  };

  let busySince = options.now();
  const running = (async () => {
    while (!stopped.signal.aborted) {
      // A consumer catching up on a backlog runs on resolved promises (microtasks): without a
      // turn of the event loop now and then it would starve the sockets, ingest's included.
      if (options.now() - busySince >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        busySince = options.now();
      }
      let next: NextBatch | null;
      try {
        next = await options.next(stopped.signal, checkpointIfDue);
      } catch (error) {
        log.error('telemetry stream read failed; retrying', { consumer: consumer.name, error: errorMessage(error) });
        await pause(1000, stopped.signal);
        continue;
      }
      if (!next) break;
      try {
        await consumer.observe(next.batch);
        counts.processed++;
      } catch (error) {
        counts.failed++;
        if (counts.failed % 1000 === 1) log.error('telemetry consumer failed on a batch; the points are stored', { consumer: consumer.name, tenantId: next.batch.tenantId, error: errorMessage(error) });
      }
      next.done?.();
      unacknowledged++;
      if (options.now() - lastCheckpoint >= options.checkpointIntervalMs) await checkpoint();
    }
    await checkpoint();
  })();

  return {
    async stop() {
      stopped.abort();
      await running;
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { errorMessage, type MessagingLog } from '../log.ts';
import { closeRedis } from '../redis-connection.ts';
import { decodeBatches } from './batch-codec.ts';
import { runConsumerLoop, type ConsumerCounts, type NextBatch } from './consumer-loop.ts';
import type { RedisStreamKeys } from './redis-stream.ts';
import { ShardLeases } from './shard-leases.ts';
import { readGroupEntries } from './stream-replies.ts';
import type { StreamConsumer, Subscription } from './written-telemetry-stream.ts';

export interface RedisReaderOptions {
  consumer: StreamConsumer;
  keys: RedisStreamKeys;
  shards: number;
  leaseMs: number;
  checkpointIntervalMs: number;
  writer: Redis;
  register(): Promise<void>;
  connectReader(): Promise<Redis>;
  log: MessagingLog;
  now: () => number;
}

/** The consumer name inside each shard's group: fixed, so the shard's pending entries pass to whoever holds its lease next. */
const SHARD_READER = 'lease-holder';
const READ_COUNT = 100;
const BLOCK_MS = 1000;

interface ShardState {
  /** Reading what an earlier holder left pending (from after this id), then new entries ('>'). */
  pendingAfter: string | null;
  /** Ids observed since the last acknowledgement. */
  observed: string[];
}

interface TenantTally {
  count: number;
  lastReceivedAt: number;
}

/**
 * One process reading one consumer's share of the shards: leases say which, pending
 * entries of a shard (observed by a holder that died before its checkpoint) come first,
 * then new ones; after each checkpoint the observed ids are acknowledged and the tenant
 * counts behind `tenantLag` move forward.
 */
export function subscribeRedisReader(options: RedisReaderOptions): Subscription {
  const { consumer, keys, writer, log, now } = options;
  const owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const leases = new ShardLeases({ redis: writer, prefix: keys.leases(consumer.name), shards: options.shards, owner, leaseMs: options.leaseMs, now });
  const states = new Map<number, ShardState>();
  const tallies = new Map<string, TenantTally>();
  const buffer: NextBatch[] = [];
  const counts: ConsumerCounts = { processed: 0, failed: 0 };
  let failedAcknowledged = 0;
  let reader: Redis | null = null;
  let lastRefresh = 0;

  const acknowledge = async () => {
    const pipeline = writer.pipeline();
    for (const [shard, state] of states) {
      if (state.observed.length > 0) pipeline.xack(keys.stream(shard), consumer.name, ...state.observed);
      state.observed = [];
    }
    const at = String(now());
    for (const [tenantId, tally] of tallies) {
      pipeline.hincrby(keys.observed(consumer.name), tenantId, tally.count);
      pipeline.hset(keys.observedAt(consumer.name), tenantId, String(tally.lastReceivedAt));
      pipeline.hset(keys.processedAt(consumer.name), tenantId, at);
    }
    tallies.clear();
    if (counts.failed > failedAcknowledged) pipeline.incrby(keys.failed(consumer.name), counts.failed - failedAcknowledged);
    failedAcknowledged = counts.failed;
    await pipeline.exec();
  };

  const refresh = async (idle: (force?: 'now') => Promise<number | null>) => {
    lastRefresh = now();
    const { lost, surplus } = await leases.refresh();
    for (const shard of lost) {
      log.warn('written-telemetry shard taken over by another worker', { consumer: consumer.name, shard });
      states.delete(shard);
    }
    if (surplus.length > 0) {
      // Checkpointed first: the next holder starts exactly where this one stopped.
      await idle('now');
      for (const shard of surplus) {
        await leases.release(shard);
        states.delete(shard);
      }
    }
    for (const shard of leases.shards) if (!states.has(shard)) states.set(shard, { pendingAfter: '0', observed: [] });
  };

  const read = async (block: boolean): Promise<number> => {
    reader ??= await options.connectReader();
    const shards = leases.shards;
    const ids = shards.map((shard) => states.get(shard)?.pendingAfter ?? '>');
    const args: Array<string | number> = ['GROUP', consumer.name, SHARD_READER, 'COUNT', READ_COUNT];
    if (block && ids.every((id) => id === '>')) args.push('BLOCK', BLOCK_MS);
    args.push('STREAMS', ...shards.map((shard) => keys.stream(shard)), ...ids);
    const entries = readGroupEntries(await reader.callBuffer('XREADGROUP', ...args));
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.key);
      const shard = Number(entry.key.slice(entry.key.lastIndexOf(':') + 1));
      const state = states.get(shard);
      if (!state) continue;
      if (state.pendingAfter !== null) state.pendingAfter = entry.id;
      // An entry trimmed before it was read again: acknowledged, nothing to observe.
      const batches = entry.data.length === 0 ? [] : safeDecode(entry.data, log, consumer.name);
      if (batches.length === 0) state.observed.push(entry.id);
      batches.forEach((batch, index) => {
        buffer.push({
          batch,
          done: () => {
            if (index === batches.length - 1) state.observed.push(entry.id);
            const tally = tallies.get(batch.tenantId) ?? { count: 0, lastReceivedAt: 0 };
            tally.count++;
            tally.lastReceivedAt = Math.max(tally.lastReceivedAt, batch.receivedAt.getTime());
            tallies.set(batch.tenantId, tally);
          },
        });
      });
    }
    // A shard in its pending phase that returned nothing has no more pending entries.
    for (const shard of shards) {
      const state = states.get(shard);
      if (state && state.pendingAfter !== null && !seen.has(keys.stream(shard))) state.pendingAfter = null;
    }
    return entries.length;
  };

  const loop = runConsumerLoop({
    consumer,
    counts,
    checkpointIntervalMs: options.checkpointIntervalMs,
    log,
    now,
    acknowledge,
    next: async (stopped, idle) => {
      if (lastRefresh === 0) await options.register();
      for (;;) {
        if (stopped.aborted) return null;
        const ready = buffer.shift();
        if (ready) return ready;
        if (now() - lastRefresh >= options.leaseMs / 3) await refresh(idle);
        if (leases.shards.length === 0) {
          await idle();
          await sleep(Math.min(BLOCK_MS, options.leaseMs / 3), stopped);
          continue;
        }
        if ((await read(false)) > 0) continue;
        await idle();
        await read(true);
      }
    },
  });

  return {
    async stop() {
      await loop.stop();
      try {
        await leases.releaseAll();
      } catch (error) {
        log.warn('written-telemetry leases not released; they expire by themselves', { consumer: consumer.name, error: errorMessage(error) });
      }
      if (reader) await closeRedis(reader);
    },
  };
}

function safeDecode(data: Buffer, log: MessagingLog, consumer: string) {
  try {
    return decodeBatches(data);
  } catch (error) {
    log.error('written-telemetry entry unreadable; skipped', { consumer, error: errorMessage(error) });
    return [];
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

import type { WrittenBatch } from '@facilflow/contracts';
import type { Redis } from 'ioredis';
import type { MessagingLog } from '../log.ts';
import { closeRedis, connectRedis } from '../redis-connection.ts';
import { encodeBatches } from './batch-codec.ts';
import { subscribeRedisReader } from './redis-stream-reader.ts';
import { groupInfos, idTime } from './stream-replies.ts';
import { tenantLagSeconds } from './tenant-progress.ts';
import type { ConsumeOptions, ConsumerLag, ConsumerTenantLag, StreamConsumer, Subscription, WrittenTelemetryStream } from './written-telemetry-stream.ts';

export interface RedisStreamOptions {
  url: string;
  /** Default `facilflow:written-telemetry:`. */
  prefix?: string;
  /** Streams the tenants are spread over; the unit of parallelism per consumer (default 8). */
  shards?: number;
  /** Approximate bound per shard (default 200,000 batches): past it the oldest entries go, read or not. */
  maxEntriesPerShard?: number;
  /** How long a dead worker's shards stay unread before another takes them (default 15 s). */
  leaseMs?: number;
  log: MessagingLog;
  now?: () => number;
}

export interface RedisStreamKeys {
  prefix: string;
  stream(shard: number): string;
  consumers: string;
  appended: string;
  appendedAt: string;
  appendedFirstAt: string;
  observed(consumer: string): string;
  observedAt(consumer: string): string;
  processedAt(consumer: string): string;
  failed(consumer: string): string;
  leases(consumer: string): string;
}

export function redisStreamKeys(prefix: string): RedisStreamKeys {
  return {
    prefix,
    stream: (shard) => `${prefix}shard:${shard}`,
    consumers: `${prefix}consumers`,
    appended: `${prefix}appended`,
    appendedAt: `${prefix}appended-at`,
    appendedFirstAt: `${prefix}appended-first-at`,
    observed: (consumer) => `${prefix}observed:${consumer}`,
    observedAt: (consumer) => `${prefix}observed-at:${consumer}`,
    processedAt: (consumer) => `${prefix}processed-at:${consumer}`,
    failed: (consumer) => `${prefix}failed:${consumer}`,
    leases: (consumer) => `${prefix}leases:${consumer}:`,
  };
}

/** FNV-1a: a tenant always lands on the same shard, so its batches stay in order. */
export function shardOf(tenantId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tenantId.length; i++) {
    hash ^= tenantId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/**
 * At scale: Redis Streams, one per shard, a consumer group per consumer, so consumers run
 * in `worker` processes apart from ingest. Entries are acknowledged (XACK) only after the
 * consumer's checkpoint, so a worker killed mid-batch leaves them pending and whoever
 * takes its shard reads them again; nothing acknowledged by a checkpoint is read twice.
 */
export async function createRedisWrittenTelemetryStream(options: RedisStreamOptions): Promise<WrittenTelemetryStream> {
  const writer = await connectRedis(options.url, 'written-telemetry stream', options.log);
  return new RedisWrittenTelemetryStream(writer, options);
}

class RedisWrittenTelemetryStream implements WrittenTelemetryStream {
  readonly kind = 'redis';
  private readonly keys: RedisStreamKeys;
  private readonly shards: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly writer: Redis,
    private readonly options: RedisStreamOptions,
  ) {
    this.keys = redisStreamKeys(options.prefix ?? 'facilflow:written-telemetry:');
    this.shards = options.shards ?? 8;
    this.maxEntries = options.maxEntriesPerShard ?? 200_000;
    this.now = options.now ?? Date.now;
  }

  async append(batch: WrittenBatch): Promise<void> {
    const shard = shardOf(batch.tenantId, this.shards);
    const results = await this.writer
      .pipeline()
      .xadd(this.keys.stream(shard), 'MAXLEN', '~', String(this.maxEntries), '*', 'b', encodeBatches([batch]))
      .hincrby(this.keys.appended, batch.tenantId, 1)
      .hset(this.keys.appendedAt, batch.tenantId, String(batch.receivedAt.getTime()))
      .hsetnx(this.keys.appendedFirstAt, batch.tenantId, String(batch.receivedAt.getTime()))
      .exec();
    const failure = results?.find(([error]) => error !== null)?.[0];
    if (failure) throw failure;
  }

  async register(consumerName: string): Promise<void> {
    await this.writer.sadd(this.keys.consumers, consumerName);
    for (let shard = 0; shard < this.shards; shard++) {
      try {
        // From now on: batches appended from here are held for this consumer until it reads them.
        await this.writer.xgroup('CREATE', this.keys.stream(shard), consumerName, '$', 'MKSTREAM');
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
      }
    }
  }

  subscribe(consumer: StreamConsumer, consumeOptions: ConsumeOptions = {}): Subscription {
    const subscription = subscribeRedisReader({
      consumer,
      keys: this.keys,
      shards: this.shards,
      leaseMs: this.options.leaseMs ?? 15_000,
      checkpointIntervalMs: consumeOptions.checkpointIntervalMs ?? 1000,
      writer: this.writer,
      register: () => this.register(consumer.name),
      connectReader: () => connectRedis(this.options.url, `written-telemetry reader (${consumer.name})`, this.options.log),
      log: this.options.log,
      now: this.now,
    });
    const tracked: Subscription = {
      stop: async () => {
        this.subscriptions.delete(tracked);
        await subscription.stop();
      },
    };
    this.subscriptions.add(tracked);
    return tracked;
  }

  async lag(): Promise<ConsumerLag[]> {
    const names = (await this.writer.smembers(this.keys.consumers)).sort();
    const lags = new Map(names.map((name) => [name, { lagBatches: 0, oldestWaiting: Number.POSITIVE_INFINITY }]));
    for (let shard = 0; shard < this.shards; shard++) {
      const key = this.keys.stream(shard);
      const groups = groupInfos(await this.writer.call('XINFO', 'GROUPS', key).catch(() => []));
      for (const group of groups) {
        const lag = lags.get(group.name);
        if (!lag) continue;
        const undelivered = group.lag ?? 0;
        lag.lagBatches += group.pending + undelivered;
        if (group.pending > 0) {
          const summary = await this.writer.xpending(key, group.name);
          const oldest = Array.isArray(summary) && typeof summary[1] === 'string' ? idTime(summary[1]) : Number.POSITIVE_INFINITY;
          lag.oldestWaiting = Math.min(lag.oldestWaiting, oldest);
        } else if (undelivered > 0) {
          const next = await this.writer.xrange(key, `(${group.lastDeliveredId}`, '+', 'COUNT', 1);
          if (next[0]) lag.oldestWaiting = Math.min(lag.oldestWaiting, idTime(next[0][0]));
        }
      }
    }
    const result: ConsumerLag[] = [];
    for (const name of names) {
      const lag = lags.get(name);
      const observed = await this.writer.hvals(this.keys.observed(name));
      result.push({
        consumer: name,
        lagBatches: lag?.lagBatches ?? 0,
        lagSeconds: lag && Number.isFinite(lag.oldestWaiting) ? Math.max(0, this.now() - lag.oldestWaiting) / 1000 : 0,
        processedBatches: observed.reduce((sum, value) => sum + Number(value), 0),
        failedBatches: Number((await this.writer.get(this.keys.failed(name))) ?? 0),
        // Redis trims by length without telling whom: a consumer past the bound shows as lag that never clears, not as a count.
        skippedBatches: 0,
      });
    }
    return result;
  }

  async tenantLag(tenantId: string): Promise<ConsumerTenantLag[]> {
    const names = (await this.writer.smembers(this.keys.consumers)).sort();
    const appended = Number((await this.writer.hget(this.keys.appended, tenantId)) ?? 0);
    const appendedAt = Number((await this.writer.hget(this.keys.appendedAt, tenantId)) ?? 0);
    const appendedFirstAt = Number((await this.writer.hget(this.keys.appendedFirstAt, tenantId)) ?? 0);
    const result: ConsumerTenantLag[] = [];
    for (const name of names) {
      const observed = Number((await this.writer.hget(this.keys.observed(name), tenantId)) ?? 0);
      const observedAt = Number((await this.writer.hget(this.keys.observedAt(name), tenantId)) ?? 0);
      const processedAt = await this.writer.hget(this.keys.processedAt(name), tenantId);
      const lagBatches = Math.max(0, appended - observed);
      result.push({
        consumer: name,
        lagBatches,
        lagSeconds: tenantLagSeconds(lagBatches, appendedFirstAt, appendedAt, observedAt),
        processedBatches: observed,
        skippedBatches: 0,
        lastProcessedAt: processedAt === null ? null : new Date(Number(processedAt)),
      });
    }
    return result;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.stop()));
    await closeRedis(this.writer);
  }
}

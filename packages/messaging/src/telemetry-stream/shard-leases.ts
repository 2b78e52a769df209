import type { Redis } from 'ioredis';

const RENEW_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_OWNER = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface ShardLeaseOptions {
  redis: Redis;
  /** Key prefix of this consumer's leases and members. */
  prefix: string;
  shards: number;
  owner: string;
  leaseMs: number;
  now: () => number;
}

/**
 * Which shards of the stream this process reads for one consumer. A stateful consumer
 * (data quality keeps each series' recent values) must see all of a tenant's batches in
 * order, so each shard has one reader per consumer at a time: a lease in Redis, renewed
 * while the process lives, taken over by another worker when it dies. Workers share the
 * shards evenly: each takes at most its share of the live members and gives back extras.
 */
export class ShardLeases {
  private readonly owned = new Set<number>();

  constructor(private readonly options: ShardLeaseOptions) {}

  get shards(): readonly number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** Renews what this process holds, drops what it lost, takes free shards up to its share; returns shards to give back. */
  async refresh(): Promise<{ lost: number[]; surplus: number[] }> {
    const { redis, prefix, owner, leaseMs, shards, now } = this.options;
    const membersKey = `${prefix}members`;
    await redis.zadd(membersKey, now() + leaseMs, owner);
    await redis.zremrangebyscore(membersKey, '-inf', now());
    const members = Math.max(1, await redis.zcard(membersKey));
    const share = Math.ceil(shards / members);

    const lost: number[] = [];
    for (const shard of this.owned) {
      const renewed = Number(await redis.eval(RENEW_IF_OWNER, 1, this.leaseKey(shard), owner, String(leaseMs)));
      if (renewed !== 1) lost.push(shard);
    }
    for (const shard of lost) this.owned.delete(shard);

    for (let shard = 0; shard < shards && this.owned.size < share; shard++) {
      if (this.owned.has(shard)) continue;
      const taken = await redis.set(this.leaseKey(shard), owner, 'PX', leaseMs, 'NX');
      if (taken === 'OK') this.owned.add(shard);
    }
    const surplus = this.shards.slice(share);
    return { lost, surplus };
  }

  async release(shard: number): Promise<void> {
    this.owned.delete(shard);
    await this.options.redis.eval(RELEASE_IF_OWNER, 1, this.leaseKey(shard), this.options.owner);
  }

  async releaseAll(): Promise<void> {
    for (const shard of [...this.owned]) await this.release(shard);
    await this.options.redis.zrem(`${this.options.prefix}members`, this.options.owner);
  }

  private leaseKey(shard: number): string {
    return `${this.options.prefix}lease:${shard}`;
  }
}

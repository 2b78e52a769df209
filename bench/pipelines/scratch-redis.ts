import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { onCleanup } from '../lib/cleanup.ts';

/** A key prefix of its own on the shared Redis (FACILFLOW_REDIS_PREFIX), whose keys are deleted at cleanup. */
export function scratchRedisPrefix(url: string, label: string): string {
  const prefix = `ff-bench-${label}-${randomBytes(4).toString('hex')}`;
  onCleanup(`redis keys ${prefix}`, async () => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  });
  return prefix;
}

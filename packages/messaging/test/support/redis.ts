import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Redis suites run when FF_TEST_REDIS_URL is set (CI sets it) and are absent otherwise.
 * When it is set, an unreachable Redis fails the run with a message naming Redis: a suite
 * asked to run on Redis never passes by quietly doing nothing.
 */
export const testRedisUrl: string | undefined = process.env.FF_TEST_REDIS_URL || undefined;

export async function assertRedisReachable(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    throw new Error(`Redis (FF_TEST_REDIS_URL=${url}) is not reachable: ${(socketError ?? (cause as Error)).message}`, { cause });
  } finally {
    redis.disconnect();
  }
}

/** A key/channel prefix no other run uses, so parallel runs against one Redis never meet. */
export function uniquePrefix(): string {
  return `fftest_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under `prefix` (BullMQ leaves hashes, lists and streams behind). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

import { FacilFlowError } from '@facilflow/contracts';
import { Redis, type RedisOptions } from 'ioredis';
import { errorMessage, type MessagingLog } from './log.ts';

/** host:port/db of a Redis URL, for messages: never echo the password. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
  } catch {
    return '(unparsable REDIS URL)';
  }
}

/**
 * Opens one ioredis connection and waits until it is ready, so a Redis that is down at
 * start-up fails the caller at once with a message naming Redis, instead of commands
 * hanging in ioredis' offline queue. Later outages are retried by ioredis and logged.
 */
export async function connectRedis(url: string, purpose: string, log: MessagingLog, options: RedisOptions = {}): Promise<Redis> {
  const where = describeRedisUrl(url);
  const redis = new Redis(url, { ...options, lazyConnect: true });
  let reported = false;
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    lastError = error;
    // ioredis emits the same error on every reconnect attempt; one line per outage is enough.
    if (!reported) log.warn('redis connection error', { redis: where, purpose, error: errorMessage(error) });
    reported = true;
  });
  redis.on('ready', () => {
    reported = false;
  });
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    // ioredis rejects with "Connection is closed"; the socket error that caused it says more.
    throw new FacilFlowError('UNAVAILABLE', `Redis at ${where} is not reachable (${purpose}): ${errorMessage(lastError ?? cause)}`);
  }
  return redis;
}

/** QUIT lets Redis finish what was sent; a connection that is already down is just dropped. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

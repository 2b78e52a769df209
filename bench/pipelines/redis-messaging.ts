import { createBullMqQueue, createRedisBus } from '@facilflow/messaging';
import type { BenchPlatform } from '../lib/bench-platform.ts';

/**
 * Puts the platform's queue and bus on Redis, composed as createPlatform composes them with
 * REDIS_URL and FACILFLOW_REDIS_PREFIX, in place of the in-process ones; close() puts those back
 * and closes the Redis ones (the platform's own close knows only what it made).
 */
export async function useRedisMessaging(bench: BenchPlatform, url: string, prefix: string): Promise<{ close(): Promise<void> }> {
  const services = bench.platform.services;
  const before = { queue: services.queue, bus: services.bus };
  const bus = await createRedisBus({ url, prefix });
  const queue = await createBullMqQueue({ url, prefix: `${prefix}queue` });
  services.queue = queue;
  services.bus = bus;
  return {
    async close() {
      services.queue = before.queue;
      services.bus = before.bus;
      await queue.close();
      await bus.close();
    },
  };
}

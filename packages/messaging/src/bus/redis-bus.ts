import { FacilFlowError } from '@facilflow/contracts';
import { decodeJson, encodeJson } from '../json.ts';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import { closeRedis, connectRedis } from '../redis-connection.ts';
import type { Bus, BusHandler, Unsubscribe } from './bus.ts';
import { assertChannel, assertChannelOrPattern, isPattern } from './channels.ts';

export interface RedisBusOptions {
  url: string;
  /** Prepended to every channel, so deployments (and test runs) sharing a Redis stay apart. */
  prefix: string;
  log?: MessagingLog;
}

/** One Redis (P)SUBSCRIBE per distinct channel or pattern, shared by its local handlers. */
interface RedisSubscription {
  handlers: Set<{ handler: BusHandler }>;
  ready: Promise<unknown>;
}

/**
 * Redis pub/sub: a connection in subscriber mode can run nothing but (un)subscribe
 * commands, so publishing uses a second connection. ioredis re-subscribes by itself
 * after a reconnect; messages published while it was away are lost (at-most-once).
 */
export async function createRedisBus(options: RedisBusOptions): Promise<Bus> {
  const { prefix } = options;
  if (prefix.length > 0) assertChannel(prefix);
  const log = options.log ?? consoleLog;
  const publisher = await connectRedis(options.url, 'bus publisher', log);
  const subscriber = await connectRedis(options.url, 'bus subscriber', log).catch(async (error: unknown) => {
    await closeRedis(publisher);
    throw error;
  });
  const subscriptions = new Map<string, RedisSubscription>();
  let closed = false;

  function dispatch(key: string, redisChannel: string, text: string): void {
    const subscription = subscriptions.get(key);
    if (!subscription) return;
    const channel = redisChannel.slice(prefix.length);
    for (const { handler } of subscription.handlers) {
      Promise.resolve()
        .then(() => handler(decodeJson(text), channel))
        .catch((error: unknown) => log.error('bus handler failed', { channel, error: errorMessage(error) }));
    }
  }

  subscriber.on('message', (redisChannel: string, text: string) => dispatch(redisChannel, redisChannel, text));
  subscriber.on('pmessage', (redisPattern: string, redisChannel: string, text: string) => dispatch(redisPattern, redisChannel, text));

  function assertOpen(): void {
    if (closed) throw new FacilFlowError('UNAVAILABLE', 'the Redis bus is closed');
  }

  async function release(key: string, pattern: boolean, entry: { handler: BusHandler }): Promise<void> {
    const subscription = subscriptions.get(key);
    if (!subscription?.handlers.delete(entry) || subscription.handlers.size > 0) return;
    subscriptions.delete(key);
    // Commands on one connection run in order, so a SUBSCRIBE issued after this by a new
    // subscriber still leaves the channel subscribed.
    if (!closed) await (pattern ? subscriber.punsubscribe(key) : subscriber.unsubscribe(key));
  }

  return {
    async publish(channel, message) {
      assertOpen();
      assertChannel(channel);
      await publisher.publish(prefix + channel, encodeJson(message, `bus message on "${channel}"`));
    },

    async subscribe(channelOrPattern, handler): Promise<Unsubscribe> {
      assertOpen();
      assertChannelOrPattern(channelOrPattern);
      const pattern = isPattern(channelOrPattern);
      const key = prefix + channelOrPattern;
      const entry = { handler };
      let subscription = subscriptions.get(key);
      if (!subscription) {
        subscription = { handlers: new Set(), ready: pattern ? subscriber.psubscribe(key) : subscriber.subscribe(key) };
        subscriptions.set(key, subscription);
      }
      subscription.handlers.add(entry);
      try {
        await subscription.ready;
      } catch (error) {
        await release(key, pattern, entry);
        throw new FacilFlowError('UNAVAILABLE', `Redis bus could not subscribe to "${channelOrPattern}": ${errorMessage(error)}`);
      }
      return () => release(key, pattern, entry);
    },

    async close() {
      closed = true;
      subscriptions.clear();
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}

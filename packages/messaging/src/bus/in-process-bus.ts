import { setImmediate } from 'node:timers';
import { FacilFlowError } from '@facilflow/contracts';
import { decodeJson, encodeJson } from '../json.ts';
import { consoleLog, errorMessage, type MessagingLog } from '../log.ts';
import type { Bus, BusHandler, Unsubscribe } from './bus.ts';
import { assertChannel, assertChannelOrPattern, isPattern, patternMatcher } from './channels.ts';

interface Subscription {
  matches: (channel: string) => boolean;
  handler: BusHandler;
  active: boolean;
}

export interface InProcessBusOptions {
  log?: MessagingLog;
}

/** The single-process default: the same contract as Redis, without the network. */
export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  const log = options.log ?? consoleLog;
  const subscriptions = new Set<Subscription>();
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new FacilFlowError('UNAVAILABLE', 'the in-process bus is closed');
  }

  function deliver(subscription: Subscription, channel: string, text: string): void {
    // Unsubscribing wins over a delivery still queued, as it does on Redis once UNSUBSCRIBE is acknowledged.
    if (!subscription.active) return;
    Promise.resolve()
      .then(() => subscription.handler(decodeJson(text), channel))
      .catch((error: unknown) => log.error('bus handler failed', { channel, error: errorMessage(error) }));
  }

  return {
    async publish(channel, message) {
      assertOpen();
      assertChannel(channel);
      const text = encodeJson(message, `bus message on "${channel}"`);
      for (const subscription of subscriptions) {
        // Delivered on a later turn, like a network adapter: a publisher never runs subscriber code re-entrantly.
        if (subscription.matches(channel)) setImmediate(() => deliver(subscription, channel, text));
      }
    },

    async subscribe(channelOrPattern, handler): Promise<Unsubscribe> {
      assertOpen();
      assertChannelOrPattern(channelOrPattern);
      const matches = isPattern(channelOrPattern) ? patternMatcher(channelOrPattern) : (channel: string) => channel === channelOrPattern;
      const subscription: Subscription = { matches, handler, active: true };
      subscriptions.add(subscription);
      return async () => {
        subscription.active = false;
        subscriptions.delete(subscription);
      };
    },

    async close() {
      closed = true;
      for (const subscription of subscriptions) subscription.active = false;
      subscriptions.clear();
    },
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/index.ts';
import { Inbox } from '../support/inbox.ts';

export interface BusUnderTest {
  bus: Bus;
  /** A bus on "another node": the same Redis and prefix, or the same in-process bus. */
  peer: Bus;
  teardown(): Promise<void>;
}

interface Received {
  message: unknown;
  channel: string;
}

/** The behaviour every Bus adapter must have. */
export function describeBusContract(name: string, setup: () => Promise<BusUnderTest>): void {
  describe(`Bus contract: ${name}`, () => {
    let bus: Bus;
    let peer: Bus;
    let teardown: () => Promise<void>;

    beforeEach(async () => {
      ({ bus, peer, teardown } = await setup());
    });
    afterEach(async () => {
      await teardown();
    });

    function inbox(): { inbox: Inbox<Received>; handler: (message: unknown, channel: string) => void } {
      const received = new Inbox<Received>();
      return { inbox: received, handler: (message, channel) => received.push({ message, channel }) };
    }

    it('delivers messages as JSON, in order, with the channel they were published on', async () => {
      const { inbox: received, handler } = inbox();
      await bus.subscribe('tenant:t1:agents', handler);
      await bus.publish('tenant:t1:agents', { agentId: 'a1', at: new Date(0), values: [1, 'x', null], nested: { ok: true } });
      await bus.publish('tenant:t1:agents', 'second');
      expect(await received.take(2)).toEqual([
        { channel: 'tenant:t1:agents', message: { agentId: 'a1', at: '1970-01-01T00:00:00.000Z', values: [1, 'x', null], nested: { ok: true } } },
        { channel: 'tenant:t1:agents', message: 'second' },
      ]);
    });

    it("matches 'tenant:*:agents' patterns and reports the concrete channel", async () => {
      const { inbox: received, handler } = inbox();
      await bus.subscribe('tenant:*:agents', handler);
      await bus.publish('tenant:t1:agents', 1);
      await bus.publish('tenant:t1:pipelines', 2);
      await bus.publish('other:t1:agents', 3);
      await bus.publish('tenant:t2:agents', 4);
      expect(await received.take(2)).toEqual([
        { channel: 'tenant:t1:agents', message: 1 },
        { channel: 'tenant:t2:agents', message: 4 },
      ]);
    });

    it('reaches subscribers on other nodes', async () => {
      const { inbox: received, handler } = inbox();
      await peer.subscribe('cluster:events', handler);
      await bus.publish('cluster:events', { worker: 'w1', state: 'up' });
      expect(await received.take(1)).toEqual([{ channel: 'cluster:events', message: { worker: 'w1', state: 'up' } }]);
    });

    it('stops delivering to an unsubscribed handler and keeps delivering to the others', async () => {
      const gone = inbox();
      const kept = inbox();
      const unsubscribe = await bus.subscribe('room', gone.handler);
      await bus.subscribe('room', kept.handler);
      await bus.publish('room', 'before');
      await gone.inbox.take(1);
      await unsubscribe();
      await bus.publish('room', 'after');
      expect((await kept.inbox.take(2)).map((r) => r.message)).toEqual(['before', 'after']);
      expect(gone.inbox.items.map((r) => r.message)).toEqual(['before']);
    });

    it('keeps delivering when a handler throws', async () => {
      const failing = new Inbox<unknown>();
      const { inbox: received, handler } = inbox();
      await bus.subscribe('alerts', (message) => {
        failing.push(message);
        throw new Error('handler bug');
      });
      await bus.subscribe('alerts', handler);
      await bus.publish('alerts', 1);
      await bus.publish('alerts', 2);
      expect((await received.take(2)).map((r) => r.message)).toEqual([1, 2]);
      expect(await failing.take(2)).toEqual([1, 2]);
    });

    it('refuses messages that are not JSON and channels with glob characters', async () => {
      await expect(bus.publish('room', undefined)).rejects.toMatchObject({ code: 'INVALID' });
      await expect(bus.publish('room', 10n)).rejects.toMatchObject({ code: 'INVALID' });
      await expect(bus.publish('room', () => 1)).rejects.toMatchObject({ code: 'INVALID' });
      await expect(bus.publish('room:*', 1)).rejects.toMatchObject({ code: 'INVALID' });
      await expect(bus.publish('', 1)).rejects.toMatchObject({ code: 'INVALID' });
      await expect(bus.subscribe('room:?', () => undefined)).rejects.toMatchObject({ code: 'INVALID' });
      await expect(bus.subscribe('room:[ab]', () => undefined)).rejects.toMatchObject({ code: 'INVALID' });
    });

    it('refuses to publish once closed', async () => {
      await bus.close();
      await expect(bus.publish('room', 1)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    });
  });
}

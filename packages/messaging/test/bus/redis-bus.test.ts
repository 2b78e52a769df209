import { beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus } from '../../src/index.ts';
import { freePort } from '@facilflow/testkit/free-port';
import { Inbox } from '../support/inbox.ts';
import { recordingLog } from '../support/recording-log.ts';
import { assertRedisReachable, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { describeBusContract } from './bus.contract.ts';

describe('Redis bus without Redis', () => {
  it('fails to start with a message naming Redis', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(createRedisBus({ url, prefix: 'ff:', log: recordingLog() })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Redis at 127\.0\.0\.1:\d+ is not reachable/),
    });
  });
});

if (testRedisUrl) {
  const url = testRedisUrl;
  beforeAll(() => assertRedisReachable(url));

  describeBusContract(`Redis (${url})`, async () => {
    const prefix = `${uniquePrefix()}:`;
    const bus = await createRedisBus({ url, prefix, log: recordingLog() });
    const peer = await createRedisBus({ url, prefix, log: recordingLog() });
    return { bus, peer, teardown: async () => void (await Promise.all([bus.close(), peer.close()])) };
  });

  describe('Redis bus prefixes', () => {
    it('keeps buses with different prefixes apart', async () => {
      const mine = await createRedisBus({ url, prefix: `${uniquePrefix()}:`, log: recordingLog() });
      const theirs = await createRedisBus({ url, prefix: `${uniquePrefix()}:`, log: recordingLog() });
      const received = new Inbox<unknown>();
      await mine.subscribe('room', (message) => received.push(message));
      await theirs.publish('room', 'not for me');
      await mine.publish('room', 'mine');
      expect(await received.take(1)).toEqual(['mine']);
      await Promise.all([mine.close(), theirs.close()]);
    });
  });
}

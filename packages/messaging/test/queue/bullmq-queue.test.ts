import { beforeAll, describe, expect, it } from 'vitest';
import { createBullMqQueue } from '../../src/index.ts';
import { freePort } from '@facilflow/testkit/free-port';
import { recordingLog } from '../support/recording-log.ts';
import { assertRedisReachable, deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { describeJobQueueContract } from './job-queue.contract.ts';

describe('BullMQ queue without Redis', () => {
  it('fails to start with a message naming Redis', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(createBullMqQueue({ url, prefix: 'ff', log: recordingLog() })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^Redis at 127\.0\.0\.1:\d+ is not reachable/),
    });
  });
});

if (testRedisUrl) {
  const url = testRedisUrl;
  beforeAll(() => assertRedisReachable(url));

  describeJobQueueContract(`BullMQ (${url})`, async () => {
    // A prefix of its own per test: BullMQ's keys of this run are found and deleted afterwards.
    const prefix = uniquePrefix();
    const queue = await createBullMqQueue({ url, prefix, log: recordingLog() });
    return {
      queue,
      teardown: async () => {
        await queue.close();
        await deleteKeys(url, `${prefix}:`);
      },
    };
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobEvent, JobQueue } from '../../src/index.ts';
import { deferred } from '../support/deferred.ts';
import { Inbox } from '../support/inbox.ts';

export interface QueueUnderTest {
  queue: JobQueue;
  teardown(): Promise<void>;
}

let queues = 0;
/** Each test works on queues of its own, so a leftover job of one test never reaches another. */
const newQueueName = (): string => `q_${++queues}`;

/** The behaviour every JobQueue adapter must have. */
export function describeJobQueueContract(name: string, setup: () => Promise<QueueUnderTest>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    let teardown: () => Promise<void>;
    let events: Inbox<JobEvent>;

    beforeEach(async () => {
      ({ queue, teardown } = await setup());
      events = new Inbox<JobEvent>();
      queue.onJobEvent(events.push);
    });
    afterEach(async () => {
      await teardown();
    });

    const outcome = (jobId: string, type: JobEvent['type']) => events.find((e) => e.jobId === jobId && e.type === type);

    it('runs a job and reports its outcome', async () => {
      const q = newQueueName();
      const seen = new Inbox<Job>();
      await queue.process(
        q,
        async (job) => {
          seen.push(job);
          return { sent: true };
        },
        { concurrency: 1 },
      );
      const { id } = await queue.add(q, 'send-report', { to: 'ops', at: new Date(0) });
      expect(await outcome(id, 'completed')).toEqual({ type: 'completed', queue: q, jobId: id, name: 'send-report', attemptsMade: 1, result: { sent: true } });
      expect(await seen.take(1)).toEqual([{ id, queue: q, name: 'send-report', data: { to: 'ops', at: '1970-01-01T00:00:00.000Z' }, attempt: 1, maxAttempts: 1 }]);
      expect(await queue.getJob(q, id)).toEqual({
        id,
        name: 'send-report',
        data: { to: 'ops', at: '1970-01-01T00:00:00.000Z' },
        state: 'completed',
        attemptsMade: 1,
        result: { sent: true },
        error: null,
      });
      expect(await queue.getJob(q, 'no-such-job')).toBeNull();
    });

    it('adds a job with a known jobId only once', async () => {
      const q = newQueueName();
      const first = await queue.add(q, 'run', { n: 1 }, { jobId: 'run-42' });
      const again = await queue.add(q, 'run', { n: 2 }, { jobId: 'run-42' });
      expect(first).toEqual({ id: 'run-42' });
      expect(again).toEqual({ id: 'run-42' });
      const handled = new Inbox<unknown>();
      await queue.process(
        q,
        async (job) => {
          handled.push(job.data);
        },
        { concurrency: 1 },
      );
      await outcome('run-42', 'completed');
      // Still retained once finished: adding it again does not run it again.
      expect(await queue.add(q, 'run', { n: 3 }, { jobId: 'run-42' })).toEqual({ id: 'run-42' });
      const { id: later } = await queue.add(q, 'run', { n: 4 });
      await outcome(later, 'completed');
      expect(handled.items).toEqual([{ n: 1 }, { n: 4 }]);
    });

    it('retries with backoff and reports every failed attempt', async () => {
      const q = newQueueName();
      const attempts = new Inbox<number>();
      await queue.process(
        q,
        async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error(`flaky ${job.attempt}`);
          return 'done';
        },
        { concurrency: 1 },
      );
      const { id } = await queue.add(q, 'flaky', {}, { attempts: 3, backoffMs: 10 });
      await outcome(id, 'completed');
      expect(events.items.filter((e) => e.jobId === id)).toEqual([
        { type: 'failed', queue: q, jobId: id, name: 'flaky', attemptsMade: 1, error: 'flaky 1', willRetry: true },
        { type: 'failed', queue: q, jobId: id, name: 'flaky', attemptsMade: 2, error: 'flaky 2', willRetry: true },
        { type: 'completed', queue: q, jobId: id, name: 'flaky', attemptsMade: 3, result: 'done' },
      ]);
      expect(attempts.items).toEqual([1, 2, 3]);
    });

    it('fails a job for good after its last attempt', async () => {
      const q = newQueueName();
      await queue.process(
        q,
        async () => {
          throw new Error('sink rejected the batch');
        },
        { concurrency: 1 },
      );
      const { id } = await queue.add(q, 'export', { batch: 7 }, { attempts: 2 });
      await events.find((e) => e.jobId === id && e.type === 'failed' && !e.willRetry);
      expect(events.items.filter((e) => e.jobId === id).map((e) => e.type === 'failed' && [e.attemptsMade, e.willRetry])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect(await queue.getJob(q, id)).toMatchObject({ state: 'failed', attemptsMade: 2, error: 'sink rejected the batch', result: null });
    });

    it('holds delayed jobs until their time', async () => {
      const q = newQueueName();
      const { id: later } = await queue.add(q, 'tomorrow', {}, { delayMs: 86_400_000 });
      expect(await queue.getJob(q, later)).toMatchObject({ state: 'delayed', attemptsMade: 0 });
      await queue.process(q, async () => 'ran', { concurrency: 1 });
      const { id: soon } = await queue.add(q, 'soon', {}, { delayMs: 50 });
      await outcome(soon, 'completed');
      expect(await queue.getJob(q, later)).toMatchObject({ state: 'delayed' });
    });

    it('runs up to `concurrency` jobs at once', async () => {
      const q = newQueueName();
      const started = new Inbox<string>();
      const release = deferred();
      await queue.process(
        q,
        async (job) => {
          started.push(job.name);
          await release.promise;
        },
        { concurrency: 2 },
      );
      await queue.add(q, 'a', {});
      await queue.add(q, 'b', {});
      // Both are running before either may finish.
      expect((await started.take(2)).sort()).toEqual(['a', 'b']);
      release.resolve();
    });

    it('runs one job at a time with concurrency 1', async () => {
      const q = newQueueName();
      let active = 0;
      let most = 0;
      await queue.process(
        q,
        async () => {
          active += 1;
          most = Math.max(most, active);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
        },
        { concurrency: 1 },
      );
      const ids = [];
      for (const name of ['a', 'b', 'c']) ids.push((await queue.add(q, name, {})).id);
      for (const id of ids) await outcome(id, 'completed');
      expect(most).toBe(1);
    });

    it('aborts the signal of running handlers when their worker closes', async () => {
      const q = newQueueName();
      const started = new Inbox<AbortSignal>();
      const worker = await queue.process(
        q,
        (_job, signal) =>
          new Promise((_resolve, reject) => {
            started.push(signal);
            signal.addEventListener('abort', () => reject(new Error('aborted')));
          }),
        { concurrency: 1 },
      );
      await queue.add(q, 'long', {});
      const [signal] = await started.take(1);
      expect(signal?.aborted).toBe(false);
      await worker.close();
      expect(signal?.aborted).toBe(true);
    });

    it('produces jobs from an interval schedule', async () => {
      const q = newQueueName();
      await queue.schedule(q, 'retention', { everyMs: 100 }, 'purge', { olderThanDays: 30 });
      expect(await queue.listSchedules(q)).toEqual([
        { id: 'retention', name: 'purge', data: { olderThanDays: 30 }, when: { everyMs: 100 }, nextAt: expect.any(Number) },
      ]);
      const jobs = new Inbox<Job>();
      await queue.process(q, async (job) => void jobs.push(job), { concurrency: 1 });
      const [first, second] = await jobs.take(2);
      expect([first?.name, second?.name]).toEqual(['purge', 'purge']);
      expect(first?.data).toEqual({ olderThanDays: 30 });
      expect(first?.id).not.toBe(second?.id);
      expect(await queue.removeSchedule(q, 'retention')).toBe(true);
    });

    it('replaces a schedule with the same id (upsert) and removes it', async () => {
      const q = newQueueName();
      await queue.schedule(q, 'nightly', { cron: '0 0 1 1 *' }, 'yearly', { v: 1 });
      expect(await queue.listSchedules(q)).toEqual([
        { id: 'nightly', name: 'yearly', data: { v: 1 }, when: { cron: '0 0 1 1 *', tz: 'UTC' }, nextAt: expect.any(Number) },
      ]);
      await queue.schedule(q, 'nightly', { everyMs: 100 }, 'frequent', { v: 2 });
      expect(await queue.listSchedules(q)).toEqual([{ id: 'nightly', name: 'frequent', data: { v: 2 }, when: { everyMs: 100 }, nextAt: expect.any(Number) }]);
      const jobs = new Inbox<Job>();
      await queue.process(q, async (job) => void jobs.push(job), { concurrency: 1 });
      expect((await jobs.take(1)).map((job) => [job.name, job.data])).toEqual([['frequent', { v: 2 }]]);
      expect(await queue.removeSchedule(q, 'nightly')).toBe(true);
      expect(await queue.listSchedules(q)).toEqual([]);
      expect(await queue.removeSchedule(q, 'nightly')).toBe(false);
    });

    it('fires cron schedules (seconds field, time zone)', async () => {
      const q = newQueueName();
      await queue.schedule(q, 'every-second', { cron: '* * * * * *', tz: 'Europe/Berlin' }, 'tick', { source: 'cron' });
      expect(await queue.listSchedules(q)).toMatchObject([{ id: 'every-second', when: { cron: '* * * * * *', tz: 'Europe/Berlin' } }]);
      const jobs = new Inbox<Job>();
      await queue.process(q, async (job) => void jobs.push(job), { concurrency: 1 });
      expect((await jobs.take(1)).map((job) => [job.name, job.data])).toEqual([['tick', { source: 'cron' }]]);
    });

    it('refuses invalid names, ids, options and schedules', async () => {
      const q = newQueueName();
      const invalid = { code: 'INVALID' };
      await expect(queue.add('bad:queue', 'x', {})).rejects.toMatchObject(invalid);
      await expect(queue.add(q, 'x', {}, { jobId: '12345' })).rejects.toMatchObject(invalid);
      await expect(queue.add(q, 'x', {}, { jobId: 'a:b' })).rejects.toMatchObject(invalid);
      await expect(queue.add(q, 'x', {}, { attempts: 0 })).rejects.toMatchObject(invalid);
      await expect(queue.add(q, 'x', {}, { delayMs: -1 })).rejects.toMatchObject(invalid);
      await expect(queue.add(q, 'x', undefined)).rejects.toMatchObject(invalid);
      await expect(queue.process(q, async () => undefined, { concurrency: 0 })).rejects.toMatchObject(invalid);
      await expect(queue.schedule(q, 's', { cron: '99 * * * *' }, 'x', {})).rejects.toMatchObject(invalid);
      await expect(queue.schedule(q, 's', { cron: 'every day' }, 'x', {})).rejects.toMatchObject(invalid);
      await expect(queue.schedule(q, 's', { cron: '* * * * *', tz: 'Mars/Olympus' }, 'x', {})).rejects.toMatchObject(invalid);
      await expect(queue.schedule(q, 's', { everyMs: 0 }, 'x', {})).rejects.toMatchObject(invalid);
      expect(await queue.listSchedules(q)).toEqual([]);
    });
  });
}

import { createBullMqQueue, createInProcessQueue, type JobQueue } from '@facilflow/messaging';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPipelineScheduler, cronScheduleId, type CronFiring, type CronSchedule, type PipelineScheduler, type ScheduleState } from '../../src/index.ts';

class MemoryScheduleState implements ScheduleState {
  readonly fired = new Map<string, number>();
  lastFiredAt(schedule: CronSchedule): Promise<number | null> {
    return Promise.resolve(this.fired.get(schedule.id) ?? null);
  }
  recordFired(schedule: CronSchedule, fireAt: number): Promise<void> {
    this.fired.set(schedule.id, Math.max(fireAt, this.fired.get(schedule.id) ?? fireAt));
    return Promise.resolve();
  }
}


function schedule(overrides: Partial<CronSchedule> = {}): CronSchedule {
  return {
    id: cronScheduleId('t_a', 'pl_energy', 0),
    tenantId: 't_a',
    pipelineId: 'pl_energy',
    version: 2,
    expression: '0 * * * *',
    timezone: 'UTC',
    misfire: { policy: 'all', maxCatchUp: 10 },
    since: Date.UTC(2026, 11, 1, 0, 0),
    startedAt: Date.UTC(2026, 11, 1, 0, 0),
    ...overrides,
  };
}

function suite(name: string, makeQueue: () => Promise<JobQueue>) {
  describe(name, () => {
    let queue: JobQueue | undefined;
    let scheduler: PipelineScheduler | undefined;
    afterEach(async () => {
      await scheduler?.close();
      await queue?.close();
    });

    async function started(now: () => number, state: ScheduleState, fired: CronFiring[], onFire?: () => void, runs = true) {
      queue = await makeQueue();
      scheduler = createPipelineScheduler({
        queue,
        state,
        now,
        fire: (firing) => {
          fired.push(firing);
          onFire?.();
          return Promise.resolve(runs);
        },
      });
      await scheduler.start();
      return scheduler;
    }

    it('runs each missed firing once with its own range, and a restart after them finds nothing missed', async () => {
      const state = new MemoryScheduleState();
      const fired: CronFiring[] = [];
      let done: () => void = () => undefined;
      const allFired = new Promise<void>((resolve) => (done = resolve));
      const now = () => Date.UTC(2026, 11, 1, 3, 30);
      const running = await started(now, state, fired, () => fired.length === 3 && done());
      expect(await running.catchUp([schedule()])).toEqual({ queued: 3, skipped: 0 });
      await allFired;
      await vi.waitFor(() => expect(state.fired.get(schedule().id)).toBe(Date.UTC(2026, 11, 1, 3)));
      fired.sort((first, second) => first.fireAt - second.fireAt);
      expect(fired.map((firing) => [firing.fireAt, firing.range, firing.catchUp])).toEqual([
        [Date.UTC(2026, 11, 1, 1), { from: Date.UTC(2026, 11, 1, 0), to: Date.UTC(2026, 11, 1, 1) }, true],
        [Date.UTC(2026, 11, 1, 2), { from: Date.UTC(2026, 11, 1, 1), to: Date.UTC(2026, 11, 1, 2) }, true],
        [Date.UTC(2026, 11, 1, 3), { from: Date.UTC(2026, 11, 1, 2), to: Date.UTC(2026, 11, 1, 3) }, true],
      ]);
      // Recorded: a restart finds nothing missed.
      expect(await running.catchUp([schedule()])).toEqual({ queued: 0, skipped: 0 });
    });

    it('once covers every missed slot with one run; skip runs none', async () => {
      const fired: CronFiring[] = [];
      let done: () => void = () => undefined;
      const oneFired = new Promise<void>((resolve) => (done = resolve));
      const running = await started(() => Date.UTC(2026, 11, 1, 5, 10), new MemoryScheduleState(), fired, done);
      expect(await running.catchUp([schedule({ misfire: { policy: 'once', maxCatchUp: 10 } })])).toEqual({ queued: 1, skipped: 0 });
      await oneFired;
      expect(fired[0]?.range).toEqual({ from: Date.UTC(2026, 11, 1, 0), to: Date.UTC(2026, 11, 1, 5) });
      expect(await running.catchUp([schedule({ id: cronScheduleId('t_a', 'pl_other', 0), misfire: { policy: 'skip', maxCatchUp: 10 } })])).toEqual({ queued: 0, skipped: 5 });
    });

    it('a firing that starts no run (its schedule paused) is not recorded: it stays missed', async () => {
      const state = new MemoryScheduleState();
      const fired: CronFiring[] = [];
      let done: () => void = () => undefined;
      const declined = new Promise<void>((resolve) => (done = resolve));
      const running = await started(() => Date.UTC(2026, 11, 1, 1, 30), state, fired, () => done(), false);
      const handled = new Promise<void>((resolve) => queue?.onJobEvent((event) => event.queue === 'pipeline-firings' && resolve()));
      expect(await running.catchUp([schedule()])).toEqual({ queued: 1, skipped: 0 });
      await declined;
      await handled;
      expect(state.fired.size).toBe(0);
    });

    it('fires on its cron through the queue, the range ending at the firing', async () => {
      const fired: CronFiring[] = [];
      let done: () => void = () => undefined;
      const firedOnce = new Promise<void>((resolve) => (done = resolve));
      const running = await started(Date.now, new MemoryScheduleState(), fired, done);
      const everySecond = schedule({ expression: '* * * * * *', since: Date.now() });
      await running.sync([everySecond]);
      await firedOnce;
      const firing = fired[0] as CronFiring;
      expect(firing.catchUp).toBe(false);
      expect(firing.fireAt % 1000).toBe(0);
      expect(firing.range).toEqual({ from: firing.fireAt - 1000, to: firing.fireAt });
      // Sync without it removes the tenant's schedule from the queue.
      await running.sync([schedule({ id: cronScheduleId('t_a', 'pl_energy', 1) })], 't_a');
      expect((await queue?.listSchedules('pipeline-cron'))?.map((info) => info.id)).toEqual([cronScheduleId('t_a', 'pl_energy', 1)]);
      expect(running.nextFireTimes({ expression: '0 6 * * *', timezone: 'UTC' }, 2)).toHaveLength(2);
    });
  });
}

suite('pipeline scheduler on the in-process queue', () => Promise.resolve(createInProcessQueue()));

const redisUrl = process.env.FF_TEST_REDIS_URL;
if (redisUrl) {
  suite(`pipeline scheduler on BullMQ (${redisUrl})`, () => createBullMqQueue({ url: redisUrl, prefix: `fftest_sched_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` }));
}


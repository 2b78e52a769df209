import { startPipelineSchedules, type RunningPipelineSchedules, type Services } from '@facilflow/core';
import { createBullMqQueue, type JobQueue } from '@facilflow/messaging';
import { CRON_TICK_QUEUE, FIRING_QUEUE } from '@facilflow/pipelines';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clockedServices, cronRanges, iso, ownerScope, scheduledPipeline } from './schedule-fixtures.ts';

const redisUrl = process.env.FF_TEST_REDIS_URL;

describe.runIf(redisUrl)('two schedulers on BullMQ', () => {
  let t: TestPlatform;
  const queues: JobQueue[] = [];
  const nodes: RunningPipelineSchedules[] = [];
  const T0 = Date.UTC(2026, 11, 1, 0, 10);

  beforeAll(async () => {
    t = await createTestPlatform();
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    for (const queue of queues) await queue.close();
    await t?.close();
  });

  it('each firing starts one run though both nodes catch it up and both hold the schedule', async () => {
    const clocked = clockedServices(t, T0);
    const scope = await ownerScope(t, 'Schedules on Redis');
    const { pipelineId, scheduleId } = await scheduledPipeline(clocked.services, scope, { expression: '0 * * * *', misfire: { policy: 'all', maxCatchUp: 10 } });
    clocked.setClock(Date.UTC(2026, 11, 1, 2, 30));
    // Two worker processes: the same database and Redis, each with its own BullMQ connection.
    const prefix = `fftest_sched_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    for (let node = 0; node < 2; node++) {
      const queue = await createBullMqQueue({ url: redisUrl ?? '', prefix });
      queues.push(queue);
      const services: Services = { ...clocked.services, queue };
      nodes.push(await startPipelineSchedules(services));
    }
    const ranges = [[iso(Date.UTC(2026, 11, 1, 0)), iso(Date.UTC(2026, 11, 1, 1))], [iso(Date.UTC(2026, 11, 1, 1)), iso(Date.UTC(2026, 11, 1, 2))]];
    await vi.waitFor(async () => expect(await cronRanges(clocked.services, scope, pipelineId)).toEqual(ranges), { timeout: 20_000 });
    const [first, second] = queues;
    expect((await first?.listSchedules(CRON_TICK_QUEUE))?.map((schedule) => schedule.id)).toEqual([scheduleId]);
    // The firing jobs both nodes queued for 01:00 are one job.
    expect((await second?.getJob(FIRING_QUEUE, `${scheduleId}.at-${Date.UTC(2026, 11, 1, 1)}`))?.state).toBe('completed');

    // The 03:00 tick reaches both nodes' workers as BullMQ's scheduler adds it once; delivered on each, it still starts one run.
    clocked.setClock(Date.UTC(2026, 11, 1, 3, 0, 2));
    const tick = (await first?.listSchedules(CRON_TICK_QUEUE))?.[0];
    const ticks = [`tick-a-${Date.now()}`, `tick-b-${Date.now()}`];
    await first?.add(CRON_TICK_QUEUE, 'tick', tick?.data, { jobId: ticks[0] });
    await second?.add(CRON_TICK_QUEUE, 'tick', tick?.data, { jobId: ticks[1] });
    const firing = `${scheduleId}.at-${Date.UTC(2026, 11, 1, 3)}`;
    await vi.waitFor(
      async () => {
        for (const id of ticks) expect((await first?.getJob(CRON_TICK_QUEUE, id))?.state).toBe('completed');
        expect((await first?.getJob(FIRING_QUEUE, firing))?.state).toBe('completed');
      },
      { timeout: 20_000 },
    );
    expect(await cronRanges(clocked.services, scope, pipelineId)).toEqual([...ranges, [iso(Date.UTC(2026, 11, 1, 2)), iso(Date.UTC(2026, 11, 1, 3))]]);
  });
});

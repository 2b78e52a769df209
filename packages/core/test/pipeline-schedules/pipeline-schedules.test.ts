import type { TenantScope } from '@facilflow/contracts';
import {
  createPipeline, deletePipeline, getSchedule, listSchedules, pauseSchedule, publishPipeline, resumeSchedule, startPipeline, startPipelineSchedules,
  startScheduledRun, stopPipeline, type RunningPipelineSchedules,
} from '@facilflow/core';
import { CRON_TICK_QUEUE, FIRING_QUEUE, type CronFiring, type CronSchedule } from '@facilflow/pipelines';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validSpec } from '../pipelines/test-catalog.ts';
import { clockedServices, cronRanges, iso, ownerScope, scheduledPipeline } from './schedule-fixtures.ts';

let t: TestPlatform;
let clocked: ReturnType<typeof clockedServices>;
let running: RunningPipelineSchedules | undefined;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 0, 10);

beforeAll(async () => {
  t = await createTestPlatform();
  clocked = clockedServices(t, T0);
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  clocked.setClock(T0);
});
afterAll(() => t?.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const tickIds = async () => (await clocked.services.queue.listSchedules(CRON_TICK_QUEUE)).map((schedule) => schedule.id);

/** The schedule as the queue's tick hands it to the scheduler. */
async function queuedSchedule(scheduleId: string): Promise<CronSchedule> {
  const info = (await clocked.services.queue.listSchedules(CRON_TICK_QUEUE)).find((schedule) => schedule.id === scheduleId);
  if (!info) throw new Error(`${scheduleId} is not on the queue`);
  return info.data as CronSchedule;
}

/** Adds a firing job as a tick does, and resolves once the scheduler has handled it. */
async function fireThroughQueue(firing: CronFiring): Promise<void> {
  const jobId = `${firing.schedule.id}.at-${firing.fireAt}`;
  const handled = new Promise<void>((resolve) => {
    const stop = clocked.services.queue.onJobEvent((event) => {
      if (event.queue === FIRING_QUEUE && event.jobId === jobId && (event.type === 'completed' || !event.willRetry)) {
        stop();
        resolve();
      }
    });
  });
  await clocked.services.queue.add(FIRING_QUEUE, 'fire', firing, { jobId });
  await handled;
}

describe('cron schedules of published pipelines', () => {
  it('lists the cron triggers of started, published pipelines with next fire times in their time zone, across the spring DST change', async () => {
    const scope = await ownerScope(t, 'Schedules DST');
    const { services, setClock } = clocked;
    setClock(Date.UTC(2026, 2, 27, 12));
    const { pipelineId, scheduleId } = await scheduledPipeline(services, scope, { expression: '30 2 * * *', timezone: 'Europe/Berlin' });
    // A draft and a published pipeline never started have no schedule.
    const draft = (await createPipeline(services, scope, { spec: { ...validSpec('draft cron'), triggers: [{ type: 'cron', expression: '0 6 * * *' }] } })).pipeline.id;
    await publishPipeline(services, scope, { id: draft });
    const { items } = await listSchedules(services, scope, {});
    expect(items.map((schedule) => schedule.id)).toEqual([scheduleId]);
    expect(items[0]).toMatchObject({ pipelineId, version: 1, expression: '30 2 * * *', timezone: 'Europe/Berlin', misfire: { policy: 'once', maxCatchUp: 10 }, paused: false, lastFiredAt: null });
    // 02:30 CET is 01:30Z; on the 29th 02:30 does not exist and it fires at 03:30 CEST (01:30Z); from the 30th 02:30 CEST is 00:30Z.
    expect(items[0]?.nextFireTimes).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z', '2026-04-01T00:30:00.000Z']);
    setClock(Date.UTC(2026, 9, 24, 12));
    // In October 02:30 happens twice on the 25th; it fires once, at the first (CEST, 00:30Z).
    expect((await getSchedule(services, scope, { id: scheduleId })).schedule.nextFireTimes.slice(0, 3)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
    expect(await code(getSchedule(services, scope, { id: `${scope.tenantId}.${draft}.0` }))).toBe('NOT_FOUND');
  });

  it('starts exactly one run per firing, with the firing\'s slot as its range, however often it is delivered', async () => {
    const scope = await ownerScope(t, 'Schedules once');
    const { services } = clocked;
    const { pipelineId, scheduleId } = await scheduledPipeline(services, scope, { expression: '0 * * * *' });
    running = await startPipelineSchedules(services);
    const firing: CronFiring = { schedule: await queuedSchedule(scheduleId), fireAt: T0 - 10 * 60_000 + HOUR, range: { from: T0 - 10 * 60_000, to: T0 - 10 * 60_000 + HOUR }, catchUp: false };
    const first = await startScheduledRun(services, firing);
    const again = await startScheduledRun(services, firing);
    const [third, fourth] = await Promise.all([startScheduledRun(services, firing), startScheduledRun(services, firing)]);
    expect(first).toMatchObject({ started: true, again: false, run: { trigger: 'cron', version: 1, status: 'queued' } });
    const runIds = [again, third, fourth].map((outcome) => (outcome?.started ? outcome.run.id : null));
    expect(runIds).toEqual([first.started ? first.run.id : 'none', first.started ? first.run.id : 'none', first.started ? first.run.id : 'none']);
    await fireThroughQueue({ ...firing, catchUp: true });
    expect(await cronRanges(services, scope, pipelineId)).toEqual([[iso(firing.range.from), iso(firing.range.to)]]);
    expect((await getSchedule(services, scope, { id: scheduleId })).schedule.lastFiredAt).toBe(iso(firing.fireAt));
  });

  it('catches up at start by the misfire policy: all runs the newest maxCatchUp, and a restart finds nothing more missed', async () => {
    const scope = await ownerScope(t, 'Schedules catch-up');
    const { services, setClock } = clocked;
    const { pipelineId, scheduleId } = await scheduledPipeline(services, scope, { expression: '0 * * * *', misfire: { policy: 'all', maxCatchUp: 3 } });
    setClock(Date.UTC(2026, 11, 1, 5, 30));
    running = await startPipelineSchedules(services);
    const hours = [3, 4, 5].map((hour) => [iso(Date.UTC(2026, 11, 1, hour - 1)), iso(Date.UTC(2026, 11, 1, hour))]);
    await vi.waitFor(async () => expect(await cronRanges(services, scope, pipelineId)).toEqual(hours), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await getSchedule(services, scope, { id: scheduleId })).schedule.lastFiredAt).toBe(iso(Date.UTC(2026, 11, 1, 5))), { timeout: 10_000 });
    await running.close();
    running = await startPipelineSchedules(services);
    await running.resync(scope.tenantId);
    expect(await cronRanges(services, scope, pipelineId)).toEqual(hours);
  });

  it('a paused schedule leaves the queue and its firings start nothing; on resume, once runs one run over what it missed', async () => {
    const scope = await ownerScope(t, 'Schedules pause');
    const { services, setClock } = clocked;
    const { pipelineId, scheduleId } = await scheduledPipeline(services, scope, { expression: '0 * * * *', misfire: { policy: 'once', maxCatchUp: 10 } });
    running = await startPipelineSchedules(services);
    const schedule = await queuedSchedule(scheduleId);
    const paused = await pauseSchedule(services, scope, { id: scheduleId });
    expect(paused).toMatchObject({ changed: true, schedule: { paused: true, nextFireTimes: [] } });
    expect((await pauseSchedule(services, scope, { id: scheduleId })).changed).toBe(false);
    await running.resync(scope.tenantId);
    expect(await tickIds()).not.toContain(scheduleId);
    // A firing queued before the pause was heard of: it checks the pause and starts nothing, and stays missed.
    setClock(Date.UTC(2026, 11, 1, 3, 30));
    await fireThroughQueue({ schedule, fireAt: Date.UTC(2026, 11, 1, 1), range: { from: Date.UTC(2026, 11, 1, 0), to: Date.UTC(2026, 11, 1, 1) }, catchUp: false });
    expect(await cronRanges(services, scope, pipelineId)).toEqual([]);
    expect((await getSchedule(services, scope, { id: scheduleId })).schedule.lastFiredAt).toBeNull();

    expect((await resumeSchedule(services, scope, { id: scheduleId })).changed).toBe(true);
    await running.resync(scope.tenantId);
    // Missed while paused: 01:00, 02:00 and 03:00, one run over their three slots.
    await vi.waitFor(async () => expect(await cronRanges(services, scope, pipelineId)).toEqual([[iso(Date.UTC(2026, 11, 1, 0)), iso(Date.UTC(2026, 11, 1, 3))]]), { timeout: 10_000 });
    expect(await tickIds()).toContain(scheduleId);
    expect((await resumeSchedule(services, scope, { id: scheduleId })).changed).toBe(false);
  });

  it('stopping the pipeline takes its schedule off the queue and the list; starting brings it back; deleting removes it', async () => {
    const scope = await ownerScope(t, 'Schedules stop');
    const { services } = clocked;
    const { pipelineId, scheduleId } = await scheduledPipeline(services, scope, { expression: '0 6 * * *', timezone: 'Europe/Berlin' });
    running = await startPipelineSchedules(services);
    expect(await tickIds()).toContain(scheduleId);
    // The change notice on the bus re-syncs the tenant, as on every node.
    await stopPipeline(services, scope, { id: pipelineId });
    await vi.waitFor(async () => expect(await tickIds()).not.toContain(scheduleId), { timeout: 10_000 });
    expect((await listSchedules(services, scope, {})).items).toEqual([]);
    await startPipeline(services, scope, { id: pipelineId });
    await vi.waitFor(async () => expect(await tickIds()).toContain(scheduleId), { timeout: 10_000 });
    await deletePipeline(services, scope, { id: pipelineId, mode: 'delete' });
    await vi.waitFor(async () => expect(await tickIds()).not.toContain(scheduleId), { timeout: 10_000 });
    expect(await code(getSchedule(services, scope, { id: scheduleId }))).toBe('NOT_FOUND');
  });

  it('keeps tenants apart: a schedule of one tenant is not found in another, and its firing runs in its own tenant only', async () => {
    const a = await ownerScope(t, 'Schedules A');
    const b: TenantScope = await ownerScope(t, 'Schedules B');
    const { services } = clocked;
    const { scheduleId } = await scheduledPipeline(services, a, { expression: '0 6 * * *' });
    expect(await code(getSchedule(services, b, { id: scheduleId }))).toBe('NOT_FOUND');
    expect(await code(pauseSchedule(services, b, { id: scheduleId }))).toBe('NOT_FOUND');
    expect((await listSchedules(services, b, {})).items).toEqual([]);
    expect((await getSchedule(services, a, { id: scheduleId })).schedule.paused).toBe(false);
  });
});

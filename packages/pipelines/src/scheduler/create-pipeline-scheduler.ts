import type { JobQueue, JobWorker } from '@facilflow/messaging';
import { firingAtOrBefore, firingRange, firingsBetween, nextFirings } from './cron-firings.ts';
import type { CronFiring, CronSchedule, ScheduleState } from './cron-schedule.ts';
import { misfireLookup, planMisfires } from './misfire-plan.ts';

/** Ticks: one job per firing of each schedule, added by the queue's own scheduler (BullMQ: once across nodes). */
export const CRON_TICK_QUEUE = 'pipeline-cron';
/** Firings: a job per (schedule, fire time), so a tick and a catch-up for the same instant run once. */
export const FIRING_QUEUE = 'pipeline-firings';

export interface PipelineSchedulerOptions {
  queue: JobQueue;
  state: ScheduleState;
  /**
   * Starts the run of a firing; resolves once it is started (queued), not when it ends. Resolves
   * to false when the firing did not run (its schedule paused or gone): it is not recorded, so it
   * stays missed and a resume's catch-up applies the misfire policy to it.
   */
  fire(firing: CronFiring, signal: AbortSignal): Promise<boolean>;
  now?: () => number;
  log?: (message: string, facts: Record<string, unknown>) => void;
  /** Firings handled at once by this process. */
  concurrency?: number;
}

export interface PipelineScheduler {
  /**
   * Makes the queue hold exactly these schedules: of one tenant (its others removed), or, without
   * a tenant, of every tenant (any other removed, e.g. those left in Redis by a stopped pipeline).
   */
  sync(schedules: readonly CronSchedule[], tenantId?: string): Promise<void>;
  /** Runs what was missed while no scheduler ran (or while paused), by each schedule's misfire policy; returns the firings queued and the missed ones counted as skipped. */
  catchUp(schedules: readonly CronSchedule[]): Promise<{ queued: number; skipped: number }>;
  /** Handles ticks and firings in this process until closed. */
  start(): Promise<void>;
  nextFireTimes(schedule: Pick<CronSchedule, 'expression' | 'timezone'>, count: number): number[];
  close(): Promise<void>;
}

function firingJobId(scheduleId: string, fireAt: number): string {
  return `${scheduleId}.at-${fireAt}`;
}

function isCronSchedule(data: unknown): data is CronSchedule {
  return typeof data === 'object' && data !== null && typeof (data as CronSchedule).id === 'string' && typeof (data as CronSchedule).expression === 'string';
}

export function createPipelineScheduler(options: PipelineSchedulerOptions): PipelineScheduler {
  const now = options.now ?? Date.now;
  const workers: JobWorker[] = [];

  async function queueFiring(firing: CronFiring): Promise<void> {
    await options.queue.add(FIRING_QUEUE, 'fire', firing, { jobId: firingJobId(firing.schedule.id, firing.fireAt), attempts: 3, backoffMs: 1000 });
  }

  return {
    async sync(schedules, tenantId) {
      const wanted = new Map(schedules.map((schedule) => [schedule.id, schedule]));
      for (const existing of await options.queue.listSchedules(CRON_TICK_QUEUE)) {
        const ofTenant = tenantId === undefined || existing.id.startsWith(`${tenantId}.`);
        if (ofTenant && !wanted.has(existing.id)) await options.queue.removeSchedule(CRON_TICK_QUEUE, existing.id);
      }
      for (const schedule of schedules) await options.queue.schedule(CRON_TICK_QUEUE, schedule.id, { cron: schedule.expression, tz: schedule.timezone }, 'tick', schedule);
    },
    async catchUp(schedules) {
      let queued = 0;
      let skipped = 0;
      const at = now();
      for (const schedule of schedules) {
        const last = await options.state.lastFiredAt(schedule);
        const after = last === null ? schedule.since : Math.max(last, schedule.startedAt);
        // The firing due right now is the tick's; catch-up is for those strictly before this instant.
        const { firings, earlier } = firingsBetween(schedule.expression, schedule.timezone, after, at - 1, misfireLookup(schedule.misfire));
        const missed = firings.map((fireAt) => ({ fireAt, range: firingRange(schedule.expression, schedule.timezone, fireAt) }));
        const first = earlier ? nextFirings(schedule.expression, schedule.timezone, after, 1)[0] : missed[0]?.fireAt;
        const gapFrom = first === undefined ? after : firingRange(schedule.expression, schedule.timezone, first).from;
        const plan = planMisfires(schedule.misfire, missed, earlier, gapFrom);
        for (const run of plan.runs) await queueFiring({ schedule, fireAt: run.fireAt, range: run.range, catchUp: true });
        if (plan.skipped > 0 || plan.earlierSkipped) {
          options.log?.('missed cron firings skipped', { scheduleId: schedule.id, skipped: plan.skipped, andEarlier: plan.earlierSkipped, policy: schedule.misfire.policy });
        }
        queued += plan.runs.length;
        skipped += plan.skipped;
      }
      return { queued, skipped };
    },
    async start() {
      workers.push(
        await options.queue.process(
          CRON_TICK_QUEUE,
          async (job) => {
            if (!isCronSchedule(job.data)) throw new Error('a cron tick without its schedule');
            const schedule = job.data;
            const fireAt = firingAtOrBefore(schedule.expression, schedule.timezone, now());
            await queueFiring({ schedule, fireAt, range: firingRange(schedule.expression, schedule.timezone, fireAt), catchUp: false });
          },
          { concurrency: 1 },
        ),
      );
      workers.push(
        await options.queue.process(
          FIRING_QUEUE,
          async (job, signal) => {
            const firing = job.data as CronFiring;
            if (!isCronSchedule(firing.schedule)) throw new Error('a firing without its schedule');
            if (await options.fire(firing, signal)) await options.state.recordFired(firing.schedule, firing.fireAt);
          },
          { concurrency: options.concurrency ?? 4 },
        ),
      );
    },
    nextFireTimes: (schedule, count) => nextFirings(schedule.expression, schedule.timezone, now(), count),
    async close() {
      await Promise.all(workers.splice(0).map((worker) => worker.close()));
    },
  };
}

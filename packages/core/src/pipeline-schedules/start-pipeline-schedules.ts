import { eq, schema } from '@facilflow/db';
import type { Unsubscribe } from '@facilflow/messaging';
import { createPipelineScheduler, type CronFiring, type CronSchedule } from '@facilflow/pipelines';
import { PIPELINE_CHANGES_PATTERN } from '../pipelines/announce-pipeline-change.ts';
import type { Services } from '../services.ts';
import { loadCronSchedules, toCronSchedule } from './load-cron-schedules.ts';
import { createPostgresScheduleState } from './postgres-schedule-state.ts';
import { startScheduledRun } from './start-scheduled-run.ts';

export interface PipelineSchedulesOptions {
  log?: (message: string, facts: Record<string, unknown>) => void;
  /** Firings this process starts runs for at once. */
  concurrency?: number;
}

export interface RunningPipelineSchedules {
  /** Loads the tenant's schedules again, puts them on the queue and catches up what they missed (what a change notice does). */
  resync(tenantId: string): Promise<void>;
  close(): Promise<void>;
}

/** The tenant's schedules the scheduler fires: every cron trigger of its active pipelines that is not paused. */
async function firingSchedules(services: Services, tenantId: string): Promise<CronSchedule[]> {
  const loaded = await services.db.withTenant(tenantId, (tx) => loadCronSchedules(tx));
  return loaded.filter((schedule) => schedule.paused === null).map(toCronSchedule);
}

/**
 * The cron scheduler of the worker role: loads every tenant's schedules, runs what they missed
 * while no scheduler ran (each by its misfire policy), puts them on the job queue and starts the
 * firings' runs. On BullMQ the queue's job schedulers fire each schedule once across nodes; the
 * firing's job id and the run's unique firing key make a firing start one run, wherever and
 * however often it is delivered. A tenant's pipeline change (publish, start, stop, delete,
 * rollback, a schedule paused or resumed) re-syncs that tenant's schedules.
 */
export async function startPipelineSchedules(services: Services, options: PipelineSchedulesOptions = {}): Promise<RunningPipelineSchedules> {
  const log = options.log ?? ((message, facts) => console.warn(`[schedules] ${message}`, facts));
  const scheduler = createPipelineScheduler({
    queue: services.queue,
    state: createPostgresScheduleState(services.db),
    now: () => services.now().getTime(),
    log,
    concurrency: options.concurrency,
    fire: async (firing: CronFiring) => {
      const outcome = await startScheduledRun(services, firing);
      if (!outcome.started) log('cron firing started no run', { scheduleId: firing.schedule.id, fireAt: new Date(firing.fireAt).toISOString(), reason: outcome.reason });
      return outcome.started;
    },
  });

  // Only to learn which tenants to load: each tenant's schedules are then read under its own tenant.
  const tenants = await services.db.withSystem('list the tenants with active pipelines, to load their cron schedules', (tx) =>
    tx.selectDistinct({ tenantId: schema.pipelines.tenantId }).from(schema.pipelines).where(eq(schema.pipelines.status, 'active')),
  );
  const all: CronSchedule[] = [];
  for (const { tenantId } of tenants) all.push(...(await firingSchedules(services, tenantId)));
  await scheduler.start();
  await scheduler.catchUp(all);
  await scheduler.sync(all);

  // Changes are applied in turn, so two notices in quick succession cannot interleave their syncs.
  let applying: Promise<void> = Promise.resolve();
  function resync(tenantId: string): Promise<void> {
    const next = applying.then(async () => {
      const schedules = await firingSchedules(services, tenantId);
      await scheduler.catchUp(schedules);
      await scheduler.sync(schedules, tenantId);
    });
    applying = next.catch(() => undefined);
    return next;
  }
  const unsubscribe: Unsubscribe = await services.bus.subscribe(PIPELINE_CHANGES_PATTERN, (_message, channel) => {
    const tenantId = channel.slice('tenant:'.length, channel.lastIndexOf(':'));
    // The next notice, or the next start, syncs again: a failed one is told, not fatal.
    resync(tenantId).catch((error: unknown) => log('cannot re-sync the tenant\'s cron schedules', { tenantId, error: String(error) }));
  });

  return {
    resync,
    async close() {
      await unsubscribe();
      await applying;
      await scheduler.close();
    },
  };
}

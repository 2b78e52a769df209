import { eq, schema, sql } from '@facilflow/db';
import { FOREIGN_KEY_VIOLATION, hasPgCode, type Database } from '@facilflow/db/client';
import type { CronSchedule, ScheduleState } from '@facilflow/pipelines';

const firings = schema.pipelineScheduleFirings;

/** The last firing of each schedule in pipeline_schedule_firings, read and written under the schedule's own tenant. */
export function createPostgresScheduleState(db: Database): ScheduleState {
  return {
    async lastFiredAt(schedule: CronSchedule) {
      const [row] = await db.withTenant(schedule.tenantId, (tx) => tx.select({ at: firings.lastFiredAt }).from(firings).where(eq(firings.scheduleId, schedule.id)).limit(1));
      return row ? row.at.getTime() : null;
    },
    async recordFired(schedule: CronSchedule, fireAt: number) {
      const at = new Date(fireAt);
      try {
        await db.withTenant(schedule.tenantId, (tx) =>
          tx
            .insert(firings)
            .values({ tenantId: schedule.tenantId, scheduleId: schedule.id, pipelineId: schedule.pipelineId, lastFiredAt: at })
            .onConflictDoUpdate({ target: [firings.tenantId, firings.scheduleId], set: { lastFiredAt: sql`greatest(${firings.lastFiredAt}, excluded.last_fired_at)` } }),
        );
      } catch (error) {
        // The pipeline was deleted after its run started: nothing is left to record against.
        if (!hasPgCode(error, FOREIGN_KEY_VIOLATION)) throw error;
      }
    },
  };
}

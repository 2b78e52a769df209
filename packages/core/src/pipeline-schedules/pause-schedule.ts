import { actorId, type ScheduleRecord, type TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { announcePipelineChange } from '../pipelines/announce-pipeline-change.ts';
import type { Services } from '../services.ts';
import { findSchedule } from './find-schedule.ts';
import { toScheduleRecord } from './to-schedule-record.ts';

/**
 * Stops the schedule firing until schedules.resume; the pipeline's other triggers go on. The
 * schedulers hear of it on the bus and take it off the queue; a firing already queued checks
 * the pause before it starts a run.
 */
export async function pauseSchedule(services: Services, scope: TenantScope, input: { id: string }): Promise<{ schedule: ScheduleRecord; changed: boolean }> {
  const now = services.now();
  const result = await services.db.withTenant(scope.tenantId, async (tx) => {
    const schedule = await findSchedule(tx, input.id);
    if (schedule.paused) return { schedule, changed: false };
    const paused = { at: now, by: actorId(scope.actor) };
    await tx.insert(schema.pipelineSchedules).values({ tenantId: scope.tenantId, scheduleId: schedule.id, pipelineId: schedule.pipelineId, pausedAt: paused.at, pausedBy: paused.by }).onConflictDoNothing();
    return { schedule: { ...schedule, paused }, changed: true };
  });
  if (result.changed) await announcePipelineChange(services, scope.tenantId, result.schedule.pipelineId);
  return { schedule: toScheduleRecord(result.schedule, now), changed: result.changed };
}

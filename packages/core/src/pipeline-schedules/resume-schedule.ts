import type { ScheduleRecord, TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import { announcePipelineChange } from '../pipelines/announce-pipeline-change.ts';
import type { Services } from '../services.ts';
import { findSchedule } from './find-schedule.ts';
import { toScheduleRecord } from './to-schedule-record.ts';

/**
 * Lets a paused schedule fire again. What it missed while paused counts as missed firings: the
 * schedulers, told on the bus, catch them up by the trigger's misfire policy (skip: none; once:
 * one run over the whole gap; all: each, up to maxCatchUp), then fire on its cron.
 */
export async function resumeSchedule(services: Services, scope: TenantScope, input: { id: string }): Promise<{ schedule: ScheduleRecord; changed: boolean }> {
  const result = await services.db.withTenant(scope.tenantId, async (tx) => {
    const schedule = await findSchedule(tx, input.id);
    if (!schedule.paused) return { schedule, changed: false };
    await tx.delete(schema.pipelineSchedules).where(and(eq(schema.pipelineSchedules.tenantId, scope.tenantId), eq(schema.pipelineSchedules.scheduleId, schedule.id)));
    return { schedule: { ...schedule, paused: null }, changed: true };
  });
  if (result.changed) await announcePipelineChange(services, scope.tenantId, result.schedule.pipelineId);
  return { schedule: toScheduleRecord(result.schedule, services.now()), changed: result.changed };
}

import type { ScheduleRecord, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { loadCronSchedules } from './load-cron-schedules.ts';
import { toScheduleRecord } from './to-schedule-record.ts';

/** The cron schedules of the tenant's active pipelines, by pipeline name, with their next fire times in their own time zone. */
export async function listSchedules(services: Services, scope: TenantScope, input: { pipelineId?: string | undefined }): Promise<{ items: ScheduleRecord[] }> {
  const schedules = await services.db.withTenant(scope.tenantId, (tx) => loadCronSchedules(tx, { pipelineId: input.pipelineId }));
  const now = services.now();
  return { items: schedules.map((schedule) => toScheduleRecord(schedule, now)) };
}

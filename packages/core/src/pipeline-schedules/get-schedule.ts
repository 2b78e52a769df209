import type { ScheduleRecord, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findSchedule } from './find-schedule.ts';
import { toScheduleRecord } from './to-schedule-record.ts';

export async function getSchedule(services: Services, scope: TenantScope, input: { id: string }): Promise<{ schedule: ScheduleRecord }> {
  const schedule = await services.db.withTenant(scope.tenantId, (tx) => findSchedule(tx, input.id));
  return { schedule: toScheduleRecord(schedule, services.now()) };
}

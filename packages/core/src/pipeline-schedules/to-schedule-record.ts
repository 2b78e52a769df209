import { NEXT_FIRE_TIMES, type ScheduleRecord } from '@facilflow/contracts';
import { nextFirings } from '@facilflow/pipelines';
import type { LoadedSchedule } from './load-cron-schedules.ts';

export function toScheduleRecord(schedule: LoadedSchedule, now: Date): ScheduleRecord {
  return {
    id: schedule.id,
    pipelineId: schedule.pipelineId,
    pipelineName: schedule.pipelineName,
    version: schedule.version,
    expression: schedule.expression,
    timezone: schedule.timezone,
    misfire: schedule.misfire,
    paused: schedule.paused !== null,
    pausedAt: schedule.paused?.at.toISOString() ?? null,
    pausedBy: schedule.paused?.by ?? null,
    lastFiredAt: schedule.lastFiredAt?.toISOString() ?? null,
    nextFireTimes: schedule.paused ? [] : nextFirings(schedule.expression, schedule.timezone, now.getTime(), NEXT_FIRE_TIMES).map((at) => new Date(at).toISOString()),
  };
}

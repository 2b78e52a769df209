import { WEEKDAYS, type MaintenanceSchedule } from '@facilflow/contracts';
import { instantOfWallTime, wallTimeOf } from './zoned-time.ts';

/**
 * Whether a maintenance window is open at an instant. A weekly window opens on each listed
 * day at its local start time in its own zone (so 06:00 Berlin stays 06:00 on both sides of a
 * daylight-saving change) and stays open for its duration, past midnight if need be.
 */
export function maintenanceOpenAt(schedule: MaintenanceSchedule, at: Date): boolean {
  if (schedule.kind === 'once') return Date.parse(schedule.startsAt) <= at.getTime() && at.getTime() < Date.parse(schedule.endsAt);
  const [hour, minute] = schedule.startTime.split(':').map(Number) as [number, number];
  const today = wallTimeOf(at, schedule.timeZone);
  const durationMs = schedule.durationMinutes * 60_000;
  // A window that opened on one of the last 7 days (plus today) may still be open.
  const lookBackDays = Math.ceil(schedule.durationMinutes / 1440) + 1;
  for (let back = 0; back <= lookBackDays; back++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    const weekday = (day.getUTCDay() + 6) % 7;
    if (!schedule.days.includes(WEEKDAYS[weekday]!)) continue;
    const opens = instantOfWallTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute, schedule.timeZone).getTime();
    if (opens <= at.getTime() && at.getTime() < opens + durationMs) return true;
  }
  return false;
}

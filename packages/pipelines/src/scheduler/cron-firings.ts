import { nextCronTime, previousCronTime } from '@facilflow/messaging';

/**
 * The newest instants in (after, until] at which the expression fires in the time zone, oldest
 * first, at most `limit` of them; `earlier` says there were older ones, not looked for. The work
 * is about 2 × `limit` steps however long the gap (each step of the cron library costs
 * milliseconds, and a schedule may have been down for months): a walk back from `until` finds
 * where to start, then a walk forward finds the firings. Only forward steps are trusted: going
 * back, the library may skip or repeat a firing at a DST change. Across DST the expression is
 * read in local time: a daily 02:30 fires once on the spring-forward day (at 03:30, the first
 * local time that exists) and once on the fall-back day (the first 02:30); an hourly one fires at
 * every real hour, 23 on the one day and 25 on the other.
 */
export function firingsBetween(expression: string, timezone: string, after: number, until: number, limit: number): { firings: number[]; earlier: boolean } {
  // Two steps more than needed make up for one a backward step skipped or repeated.
  let from = until + 1;
  for (let step = 0; step < limit + 2 && from > after; step++) from = previousCronTime(expression, timezone, from);
  if (from <= after) from = after;
  const firings: number[] = [];
  for (let at = nextCronTime(expression, timezone, from); at <= until; at = nextCronTime(expression, timezone, at)) firings.push(at);
  const kept = firings.slice(-limit);
  return { firings: limit > 0 ? kept : [], earlier: from > after || firings.length > limit };
}

/** The next `count` firings after `after`, oldest first. */
export function nextFirings(expression: string, timezone: string, after: number, count: number): number[] {
  const firings: number[] = [];
  for (let at = after; firings.length < count; ) {
    at = nextCronTime(expression, timezone, at);
    firings.push(at);
  }
  return firings;
}

/** The slot a firing covers: from the expression's previous firing up to this one. */
export function firingRange(expression: string, timezone: string, fireAt: number): { from: number; to: number } {
  return { from: previousCronTime(expression, timezone, fireAt), to: fireAt };
}

/** The firing a tick at `now` stands for: the latest instant at or before it (a job runs a little after its time). */
export function firingAtOrBefore(expression: string, timezone: string, now: number): number {
  return previousCronTime(expression, timezone, now + 1);
}

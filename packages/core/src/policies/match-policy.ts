import { WEEKDAYS, type AttributeCondition, type Front, type Policy, type PolicyAttributes, type Role, type TimeWindow, type Weekday } from '@facilflow/contracts';

/** The facts of one call a policy is matched against; attributes only when the operation resolves them. */
export interface PolicyCall {
  operation: string;
  role: Role;
  front: Front;
  at: Date;
  attributes: PolicyAttributes;
}

/** `pipelines.publish` matches itself and `pipelines.*`. */
export function operationMatches(pattern: string, operation: string): boolean {
  if (pattern.endsWith('.*')) return operation.startsWith(pattern.slice(0, -1));
  return pattern === operation;
}

const WEEKDAY_OF: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** The weekday and minute of the day at `at` on the wall clocks of `timeZone`. */
export function localTime(at: Date, timeZone: string): { day: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAY_OF[part('weekday')];
  if (!day) throw new Error(`No weekday for ${at.toISOString()} in ${timeZone}`);
  return { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function dayBefore(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + WEEKDAYS.length - 1) % WEEKDAYS.length] as Weekday;
}

/** Within [from, to) local time on one of the days; a range past midnight belongs to the day it starts. */
export function withinTimeWindow(window: TimeWindow | null, at: Date): boolean {
  if (window === null) return true;
  const { day, minute } = localTime(at, window.timeZone);
  const from = minuteOf(window.from);
  const to = minuteOf(window.to);
  if (from < to) return window.days.includes(day) && minute >= from && minute < to;
  return (window.days.includes(day) && minute >= from) || (window.days.includes(dayBefore(day)) && minute < to);
}

/** A condition on an attribute the call did not resolve does not hold: a policy never matches on a guess. */
export function conditionHolds(condition: AttributeCondition, attributes: PolicyAttributes): boolean {
  const value: unknown = attributes[condition.attribute];
  if (value === undefined) return false;
  switch (condition.operator) {
    case 'includes':
      return Array.isArray(value) && value.includes(condition.value);
    case 'equals':
      return value === condition.value;
    case 'atLeast':
      return typeof value === 'number' && typeof condition.value === 'number' && value >= condition.value;
    case 'atMost':
      return typeof value === 'number' && typeof condition.value === 'number' && value <= condition.value;
  }
}

/** Operation, role, front and time window: what can be told without resolving any attribute. */
export function matchesCallShape(policy: Policy, call: Omit<PolicyCall, 'attributes'>): boolean {
  const { match } = policy;
  return (
    match.operations.some((pattern) => operationMatches(pattern, call.operation)) &&
    (match.roles.length === 0 || match.roles.includes(call.role)) &&
    (match.fronts.length === 0 || match.fronts.includes(call.front)) &&
    withinTimeWindow(match.timeWindow, call.at)
  );
}

export function policyMatches(policy: Policy, call: PolicyCall): boolean {
  return matchesCallShape(policy, call) && policy.match.conditions.every((condition) => conditionHolds(condition, call.attributes));
}

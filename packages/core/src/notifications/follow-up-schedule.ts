import type { NotificationRoute } from '@facilflow/contracts';

export interface FollowUpState {
  firedAt: Date;
  /** When each route last notified the alert, by route name (ISO). */
  notifiedAt: Record<string, string>;
  /** Routes whose escalation went out. */
  escalated: readonly string[];
}

const MINUTE = 60_000;

/** When a route next repeats the alert: its interval after it last notified (or after the alert fired). */
export function repeatDueAt(route: NotificationRoute, state: FollowUpState): number | null {
  if (route.repeatIntervalMinutes === null) return null;
  const last = state.notifiedAt[route.name];
  return (last ? Date.parse(last) : state.firedAt.getTime()) + route.repeatIntervalMinutes * MINUTE;
}

/** When a route escalates the alert, counted from when it fired; null once it did or when it has no escalation. */
export function escalationDueAt(route: NotificationRoute, state: FollowUpState): number | null {
  if (!route.escalation || state.escalated.includes(route.name)) return null;
  return state.firedAt.getTime() + route.escalation.afterMinutes * MINUTE;
}

/** The next time any route has a repeat or an escalation to send; null when none will. */
export function nextFollowUpAt(routes: readonly NotificationRoute[], state: FollowUpState): Date | null {
  const due = routes.flatMap((route) => [repeatDueAt(route, state), escalationDueAt(route, state)]).filter((at): at is number => at !== null);
  return due.length === 0 ? null : new Date(Math.min(...due));
}

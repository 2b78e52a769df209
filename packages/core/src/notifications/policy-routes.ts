import type { AlertNotice, NotificationPolicy, NotificationRoute } from '@facilflow/contracts';
import { matchesAlert } from './alert-matcher.ts';

/** The route an alert no route matches goes by: the policy's default channels, no repeat, no escalation. */
export const DEFAULT_ROUTE_NAME = 'default';

/**
 * The routes an alert goes by, in order: each matching route, stopping after the first one
 * unless it says `continue`; the default channels when none matched.
 */
export function routesFor(policy: NotificationPolicy, notice: AlertNotice): NotificationRoute[] {
  const matched: NotificationRoute[] = [];
  for (const route of policy.routes) {
    if (!matchesAlert(route.match, notice)) continue;
    matched.push(route);
    if (!route.continue) break;
  }
  if (matched.length > 0) return matched;
  return [{ name: DEFAULT_ROUTE_NAME, match: {}, channels: policy.defaultChannels, continue: false, repeatIntervalMinutes: null, escalation: null }];
}

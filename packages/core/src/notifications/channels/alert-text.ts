import type { AlertNotice } from '@facilflow/contracts';

/** Why an alert is being told: its transition, a repeat while it fires, an escalation, or a channel test. */
export type NotifyReason = 'notify' | 'repeat' | 'escalation' | 'test';

const LEAD: Record<NotifyReason, string> = { notify: '', repeat: 'Still firing: ', escalation: 'ESCALATED, unacknowledged: ', test: 'Test notification: ' };

/** One line for people: "[CRITICAL] triggered: Oven2 temperature drifting: 236.4 °C". */
export function alertHeadline(notice: AlertNotice, reason: NotifyReason): string {
  return `${LEAD[reason]}[${notice.severity.toUpperCase()}] ${notice.transition}: ${notice.summary || notice.ruleName}`;
}

/** The facts below the headline, as label/value lines. */
export function alertFacts(notice: AlertNotice): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ['Rule', notice.ruleName],
    ['Severity', `${notice.severity} (priority ${notice.priority})`],
    ['Fired at', notice.firedAt],
    ['At', notice.at],
  ];
  if (notice.assetPath) facts.push(['Asset', notice.assetPath]);
  if (notice.measurement) facts.push(['Series', [notice.measurement, ...Object.entries(notice.tags).map(([k, v]) => `${k}=${v}`)].join(' ')]);
  if (notice.value !== null) facts.push(['Value', String(notice.value)]);
  if (notice.actor) facts.push(['By', notice.actor]);
  if (notice.comment) facts.push(['Comment', notice.comment]);
  return facts;
}

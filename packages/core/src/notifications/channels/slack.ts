import type { AlertNotice } from '@facilflow/contracts';
import type { Services } from '../../services.ts';
import { alertFacts, alertHeadline, type NotifyReason } from './alert-text.ts';
import type { AttemptResult } from './attempt.ts';
import { postJson } from './http-post.ts';

/** Slack's incoming-webhook shape (also read by Mattermost and Rocket.Chat): `text` as the fallback, `blocks` for the layout. */
export interface SlackPayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const mrkdwnEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackPayload(notice: AlertNotice, reason: NotifyReason): SlackPayload {
  const headline = alertHeadline(notice, reason);
  return {
    text: headline,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
      { type: 'section', fields: alertFacts(notice).slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: `*${label}*\n${mrkdwnEscape(value)}` })) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `FacilFlow alert ${notice.alertId}` }] },
    ],
  };
}

export function postSlack(services: Services, url: string, notice: AlertNotice, reason: NotifyReason): Promise<AttemptResult> {
  return postJson(services, url, {}, JSON.stringify(slackPayload(notice, reason)));
}

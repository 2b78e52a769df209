import type { AlertNotice } from '@facilflow/contracts';
import { createTransport } from 'nodemailer';
import { isAllowedHost } from '../../pipeline-runtime/outbound-http.ts';
import type { Services } from '../../services.ts';
import { alertFacts, alertHeadline, type NotifyReason } from './alert-text.ts';
import { failedToSend, type AttemptResult } from './attempt.ts';

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
  to: string[];
}

const SMTP_TIMEOUT_MS = 15_000;

/** Whether the SMTP server is on the outbound allow-list that every outgoing request obeys. */
export function smtpHostAllowed(services: Services, settings: Pick<EmailSettings, 'host' | 'port'>): boolean {
  return isAllowedHost(new URL(`http://${settings.host}:${settings.port}`), services.outbound.httpHosts);
}

/** Sends the alert as a plain-text mail over SMTP; a refusal of the recipients (5xx) is final, anything else may pass. */
export async function sendAlertEmail(services: Services, settings: EmailSettings, password: string | null, notice: AlertNotice, reason: NotifyReason): Promise<AttemptResult> {
  if (!smtpHostAllowed(services, settings)) {
    return failedToSend(new Error(`${settings.host}:${settings.port} is not a host FACILFLOW_PIPELINE_HTTP_HOSTS allows`), false);
  }
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: password ?? '' } } : {}),
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  try {
    const headline = alertHeadline(notice, reason);
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: headline.slice(0, 200),
      text: [headline, '', ...alertFacts(notice).map(([label, value]) => `${label}: ${value}`)].join('\n'),
    });
    return { delivered: true, statusCode: 250, error: null, retryable: false };
  } catch (error) {
    const responseCode = (error as { responseCode?: unknown }).responseCode;
    const code = typeof responseCode === 'number' ? responseCode : null;
    return { ...failedToSend(error, code === null || code < 500), statusCode: code };
  } finally {
    transport.close();
  }
}

import cronParser from 'cron-parser';
import { FacilFlowError } from '@facilflow/contracts';

// BullMQ evaluates `pattern` with cron-parser; the in-process queue uses the same
// parser so a cron expression fires at the same instants on either adapter.

export const DEFAULT_TIME_ZONE = 'UTC';

export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new FacilFlowError('INVALID', `unknown time zone "${tz}"`);
  }
}

/** The first instant strictly after `after` (epoch ms) that matches `cron` in `tz`. */
export function nextCronTime(cron: string, tz: string, after: number): number {
  try {
    return cronParser.parseExpression(cron, { currentDate: new Date(after), tz }).next().getTime();
  } catch (cause) {
    throw new FacilFlowError('INVALID', `invalid cron expression "${cron}": ${(cause as Error).message}`);
  }
}

/** The last instant strictly before `before` (epoch ms) that matches `cron` in `tz`. */
export function previousCronTime(cron: string, tz: string, before: number): number {
  try {
    return cronParser.parseExpression(cron, { currentDate: new Date(before), tz }).prev().getTime();
  } catch (cause) {
    throw new FacilFlowError('INVALID', `invalid cron expression "${cron}": ${(cause as Error).message}`);
  }
}

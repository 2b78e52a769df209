import { FacilFlowError } from '@facilflow/contracts';

/**
 * Budgets and usage are counted per calendar month in UTC, whatever the tenant's or the
 * server's time zone: a month runs from 00:00:00.000 UTC on its first day up to, not including,
 * 00:00 UTC on the next month's first day. One rule for everyone, and no month has a gap or an
 * overlap when daylight saving time changes.
 */
export function usageMonthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The instants a month (YYYY-MM) covers: from its start, to the next month's start (exclusive). */
export function usageMonthRange(month: string): { from: Date; to: Date } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new FacilFlowError('INVALID', `A month reads YYYY-MM (UTC), not "${month}"`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}

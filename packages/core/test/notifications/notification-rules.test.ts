import { notificationPolicySchema, type MaintenanceSchedule } from '@facilflow/contracts';
import { instantOfWallTime, maintenanceOpenAt, retryDelayMs, routesFor } from '@facilflow/core';
import { describe, expect, it } from 'vitest';
import { notice } from './notification-fixtures.ts';

const utc = (iso: string) => new Date(iso);

describe('maintenance windows across daylight-saving changes (Europe/Berlin)', () => {
  // Every Sunday 02:30 local for 2 hours: on 29 March 2026 02:30 does not exist; on 25 October it happens twice.
  const earlyShift: MaintenanceSchedule = { kind: 'weekly', days: ['sun'], startTime: '02:30', durationMinutes: 120, timeZone: 'Europe/Berlin' };
  // Every Sunday 06:00 local for an hour: the same wall-clock time on both sides of each change.
  const morning: MaintenanceSchedule = { kind: 'weekly', days: ['sun'], startTime: '06:00', durationMinutes: 60, timeZone: 'Europe/Berlin' };

  it('opens at the same local time before and after the spring change', () => {
    // 22 March: CET (UTC+1), 06:00 local = 05:00 UTC.
    expect(maintenanceOpenAt(morning, utc('2026-03-22T04:59:00Z'))).toBe(false);
    expect(maintenanceOpenAt(morning, utc('2026-03-22T05:00:00Z'))).toBe(true);
    expect(maintenanceOpenAt(morning, utc('2026-03-22T05:59:00Z'))).toBe(true);
    expect(maintenanceOpenAt(morning, utc('2026-03-22T06:00:00Z'))).toBe(false);
    // 29 March: CEST (UTC+2) from 02:00 local, 06:00 local = 04:00 UTC.
    expect(maintenanceOpenAt(morning, utc('2026-03-29T03:59:00Z'))).toBe(false);
    expect(maintenanceOpenAt(morning, utc('2026-03-29T04:00:00Z'))).toBe(true);
    expect(maintenanceOpenAt(morning, utc('2026-03-29T05:00:00Z'))).toBe(false);
  });

  it('opens at the same local time before and after the autumn change', () => {
    // 18 October: CEST, 06:00 local = 04:00 UTC; 25 October: CET again, 06:00 local = 05:00 UTC.
    expect(maintenanceOpenAt(morning, utc('2026-10-18T04:30:00Z'))).toBe(true);
    expect(maintenanceOpenAt(morning, utc('2026-10-25T04:30:00Z'))).toBe(false);
    expect(maintenanceOpenAt(morning, utc('2026-10-25T05:30:00Z'))).toBe(true);
    expect(maintenanceOpenAt(morning, utc('2026-10-25T06:00:00Z'))).toBe(false);
    // Not on other days.
    expect(maintenanceOpenAt(morning, utc('2026-10-26T05:30:00Z'))).toBe(false);
  });

  it('a start time the spring change skips opens when the clock reaches it, an hour later; one the autumn change repeats opens the first time', () => {
    // 02:30 does not exist on 29 March: read before the change it is 01:30 UTC (03:30 CEST).
    expect(instantOfWallTime(2026, 3, 29, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(maintenanceOpenAt(earlyShift, utc('2026-03-29T01:29:00Z'))).toBe(false);
    expect(maintenanceOpenAt(earlyShift, utc('2026-03-29T01:30:00Z'))).toBe(true);
    expect(maintenanceOpenAt(earlyShift, utc('2026-03-29T03:29:00Z'))).toBe(true);
    expect(maintenanceOpenAt(earlyShift, utc('2026-03-29T03:30:00Z'))).toBe(false);
    // 02:30 happens twice on 25 October: first at 00:30 UTC (CEST), again at 01:30 UTC (CET).
    expect(instantOfWallTime(2026, 10, 25, 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(maintenanceOpenAt(earlyShift, utc('2026-10-25T00:29:00Z'))).toBe(false);
    expect(maintenanceOpenAt(earlyShift, utc('2026-10-25T02:29:00Z'))).toBe(true);
    expect(maintenanceOpenAt(earlyShift, utc('2026-10-25T02:30:00Z'))).toBe(false);
  });

  it('a window past midnight stays open into the next day; a one-off window is open between its ends', () => {
    const overnight: MaintenanceSchedule = { kind: 'weekly', days: ['sat'], startTime: '22:00', durationMinutes: 360, timeZone: 'Europe/Berlin' };
    // Saturday 28 March 22:00 CET = 21:00 UTC, for 6 hours across the change: until 03:00 UTC.
    expect(maintenanceOpenAt(overnight, utc('2026-03-28T21:00:00Z'))).toBe(true);
    expect(maintenanceOpenAt(overnight, utc('2026-03-29T02:59:00Z'))).toBe(true);
    expect(maintenanceOpenAt(overnight, utc('2026-03-29T03:00:00Z'))).toBe(false);
    const once: MaintenanceSchedule = { kind: 'once', startsAt: '2026-05-01T08:00:00+02:00', endsAt: '2026-05-01T12:00:00+02:00' };
    expect(maintenanceOpenAt(once, utc('2026-05-01T05:59:00Z'))).toBe(false);
    expect(maintenanceOpenAt(once, utc('2026-05-01T06:00:00Z'))).toBe(true);
    expect(maintenanceOpenAt(once, utc('2026-05-01T10:00:00Z'))).toBe(false);
  });
});

describe('policy routes', () => {
  const policy = notificationPolicySchema.parse({
    routes: [
      { name: 'critical-ovens', match: { severities: ['critical'], assetPrefix: 'site1/bakery' }, channels: ['nch_pager'], continue: true },
      { name: 'line2', match: { labels: { line: 'L2' } }, channels: ['nch_line2'] },
      { name: 'never-reached', match: {}, channels: ['nch_all'] },
    ],
    defaultChannels: ['nch_default'],
  });
  const names = (n: ReturnType<typeof notice>) => routesFor(policy, n).map((route) => route.name);

  it('takes routes in order, going on past a match only where the route says continue', () => {
    expect(names(notice('t'))).toEqual(['critical-ovens', 'line2']);
    expect(names(notice('t', { severity: 'minor' }))).toEqual(['line2']);
    expect(names(notice('t', { severity: 'minor', labels: { line: 'L3' } }))).toEqual(['never-reached']);
  });

  it('matches an asset prefix by whole path segments, and falls back to the default channels', () => {
    expect(names(notice('t', { assetPath: 'site1/bakery2/line1', labels: {} }))).toEqual(['never-reached']);
    const withoutCatchAll = notificationPolicySchema.parse({ routes: policy.routes.slice(0, 2), defaultChannels: ['nch_default'] });
    expect(routesFor(withoutCatchAll, notice('t', { severity: 'info', labels: {} }))).toEqual([expect.objectContaining({ name: 'default', channels: ['nch_default'] })]);
  });

  it('refuses a policy with two routes of one name', () => {
    expect(notificationPolicySchema.safeParse({ routes: [{ name: 'a' }, { name: 'a' }] }).success).toBe(false);
  });
});

describe('retry backoff', () => {
  const retry = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };
  it('doubles per failure up to the cap, with jitter down to half', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(retry, attempts, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(retry, 4, () => 0)).toBe(4000);
    expect(retryDelayMs(retry, 20, () => 1)).toBe(60_000);
  });
});

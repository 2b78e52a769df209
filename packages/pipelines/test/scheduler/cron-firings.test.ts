import { describe, expect, it } from 'vitest';
import { firingRange, firingsBetween, nextFirings, planMisfires } from '../../src/index.ts';

const iso = (times: number[]) => times.map((time) => new Date(time).toISOString());

describe('cron firings across DST (Europe/Berlin)', () => {
  it('a daily 02:30 fires once on the spring-forward day, at the first local time that exists', () => {
    const { firings } = firingsBetween('30 2 * * *', 'Europe/Berlin', Date.UTC(2026, 2, 27), Date.UTC(2026, 2, 31), 10);
    // 27th, 28th 02:30 CET (01:30Z); 29th has no 02:30: 03:30 CEST (01:30Z); 30th 02:30 CEST (00:30Z).
    expect(iso(firings)).toEqual(['2026-03-27T01:30:00.000Z', '2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('a daily 02:30 fires once on the fall-back day, though 02:30 happens twice', () => {
    const { firings } = firingsBetween('30 2 * * *', 'Europe/Berlin', Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 27), 10);
    expect(iso(firings)).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('finds only the newest firings of a long gap, also when the newest cross a DST change', () => {
    const spring = firingsBetween('30 2 * * *', 'Europe/Berlin', Date.UTC(2026, 0, 1), Date.UTC(2026, 2, 30, 12), 2);
    expect([iso(spring.firings), spring.earlier]).toEqual([['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z'], true]);
    const fall = firingsBetween('30 2 * * *', 'Europe/Berlin', Date.UTC(2026, 6, 1), Date.UTC(2026, 9, 26, 12), 2);
    expect([iso(fall.firings), fall.earlier]).toEqual([['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'], true]);
  });

  it('an hourly schedule fires at every real hour: 23 on the spring day, 25 on the fall day', () => {
    const springDay = firingsBetween('0 * * * *', 'Europe/Berlin', Date.UTC(2026, 2, 28, 23) - 1, Date.UTC(2026, 2, 29, 22) - 1, 100);
    const fallDay = firingsBetween('0 * * * *', 'Europe/Berlin', Date.UTC(2026, 9, 24, 22) - 1, Date.UTC(2026, 9, 25, 23) - 1, 100);
    expect(springDay.firings).toHaveLength(23);
    expect(fallDay.firings).toHaveLength(25);
  });

  it('a firing covers the slot since the previous one, and the next fire times are listed', () => {
    const fireAt = Date.UTC(2026, 11, 2, 5, 0);
    expect(firingRange('0 6 * * *', 'Europe/Berlin', fireAt)).toEqual({ from: Date.UTC(2026, 11, 1, 5, 0), to: fireAt });
    expect(iso(nextFirings('0 6 * * *', 'Europe/Berlin', Date.UTC(2026, 11, 2, 12), 2))).toEqual(['2026-12-03T05:00:00.000Z', '2026-12-04T05:00:00.000Z']);
  });

  it('keeps the newest firings when more were missed than the limit', () => {
    const { firings, earlier } = firingsBetween('0 * * * *', 'UTC', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2), 5);
    expect(iso(firings)).toEqual(['2026-01-01T20:00:00.000Z', '2026-01-01T21:00:00.000Z', '2026-01-01T22:00:00.000Z', '2026-01-01T23:00:00.000Z', '2026-01-02T00:00:00.000Z']);
    expect(earlier).toBe(true);
    expect(firingsBetween('0 * * * *', 'UTC', Date.UTC(2026, 0, 1, 19), Date.UTC(2026, 0, 2), 5).earlier).toBe(false);
  });
});

describe('misfire policies', () => {
  const missed = [1, 2, 3, 4].map((hour) => ({ fireAt: hour * 3_600_000, range: { from: (hour - 1) * 3_600_000, to: hour * 3_600_000 } }));

  it('skip runs none, once runs one over every missed slot, all runs the newest maxCatchUp', () => {
    expect(planMisfires({ policy: 'skip', maxCatchUp: 10 }, missed, false, 0)).toEqual({ runs: [], skipped: 4, earlierSkipped: false });
    // once sees the newest missed firing only; the gap starts where the first missed slot does.
    expect(planMisfires({ policy: 'once', maxCatchUp: 10 }, missed.slice(-1), true, 0)).toEqual({ runs: [{ fireAt: 4 * 3_600_000, range: { from: 0, to: 4 * 3_600_000 } }], skipped: 0, earlierSkipped: false });
    expect(planMisfires({ policy: 'all', maxCatchUp: 2 }, missed.slice(-2), true, 0)).toEqual({ runs: missed.slice(2), skipped: 0, earlierSkipped: true });
    expect(planMisfires({ policy: 'all', maxCatchUp: 2 }, [], false, 0)).toEqual({ runs: [], skipped: 0, earlierSkipped: false });
  });
});

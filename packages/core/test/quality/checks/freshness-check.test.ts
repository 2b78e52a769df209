import { describe, expect, it } from 'vitest';
import { allowedSilence, checkFreshness, type ReportingPace } from '../../../src/quality/checks/freshness-check.ts';
import { DEFAULT_QUALITY_THRESHOLDS as thresholds } from '../../../src/quality/quality-thresholds.ts';
import { ovenZone1 } from './label.ts';

const last = Date.UTC(2026, 0, 5, 8, 0, 59);
const everySecond: ReportingPace = { samples: 60, lastTime: last, meanInterval: 1000, longestInterval: 1000 };

describe('checkFreshness', () => {
  it('allows the larger of several usual intervals, twice the longest recent one and the minimum', () => {
    expect(allowedSilence(everySecond, thresholds)).toBe(5000);
    expect(allowedSilence({ ...everySecond, meanInterval: 5000 }, thresholds)).toBe(25_000);
    expect(allowedSilence({ ...everySecond, longestInterval: 4000 }, thresholds)).toBe(8000);
    expect(allowedSilence({ ...everySecond, meanInterval: 100, longestInterval: 100 }, thresholds)).toBe(5000);
  });

  it('flags a silence longer than allowed, starting when it became too long', () => {
    expect(checkFreshness(ovenZone1, everySecond, last + 5000, thresholds)).toBeNull();
    expect(checkFreshness(ovenZone1, everySecond, last + 30_000, thresholds)).toEqual({
      staleSince: last + 5000,
      message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) has sent nothing for 30 s (it usually reports every 1 s)',
      details: { silenceSeconds: 30, expectedIntervalSeconds: 1, lastSampleAt: '2026-01-05T08:00:59.000Z' },
    });
  });

  it('judges nothing before enough samples taught the pace', () => {
    expect(checkFreshness(ovenZone1, { ...everySecond, samples: 9 }, last + 60_000, thresholds)).toBeNull();
    expect(checkFreshness(ovenZone1, { ...everySecond, meanInterval: Number.NaN }, last + 60_000, thresholds)).toBeNull();
  });
});

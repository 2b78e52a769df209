import { describe, expect, it } from 'vitest';
import { checkRate } from '../../../src/quality/checks/rate-check.ts';
import type { RobustStatistics } from '../../../src/quality/checks/spike-check.ts';
import { DEFAULT_QUALITY_THRESHOLDS as thresholds } from '../../../src/quality/quality-thresholds.ts';
import { ovenZone1 } from './label.ts';

/** A random walk of ±0.6 a second. */
const rates: RobustStatistics = { count: 64, median: 0, mad: 0.6, meanAbsDev: 0.6 };

describe('checkRate', () => {
  it('flags a jump far beyond the usual rates', () => {
    expect(checkRate(ovenZone1, { from: 42, to: 50, seconds: 1, ratePerSecond: 8 }, rates, 42, thresholds)).toEqual({
      message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) jumped from 42 to 50 in 1 s (8/s, 8.99 robust standard deviations from its usual rate)',
      details: { from: 42, to: 50, seconds: 1, ratePerSecond: 8, z: 8.99, usualRatePerSecond: 0 },
    });
  });

  it('passes usual jumps', () => {
    expect(checkRate(ovenZone1, { from: 42, to: 43.2, seconds: 1, ratePerSecond: 1.2 }, rates, 42, thresholds)).toBeNull();
  });

  it('judges nothing with too few rates, on the first sample, or when most rates are one value (a counter)', () => {
    expect(checkRate(ovenZone1, { from: 42, to: 50, seconds: 1, ratePerSecond: 8 }, { ...rates, count: 31 }, 42, thresholds)).toBeNull();
    expect(checkRate(ovenZone1, { from: Number.NaN, to: 50, seconds: Number.NaN, ratePerSecond: Number.NaN }, rates, 42, thresholds)).toBeNull();
    expect(checkRate(ovenZone1, { from: 100, to: 101, seconds: 1, ratePerSecond: 1 }, { ...rates, mad: 0 }, 100, thresholds)).toBeNull();
  });
});

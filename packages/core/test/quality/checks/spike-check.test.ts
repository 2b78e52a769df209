import { describe, expect, it } from 'vitest';
import { checkSpike, type RobustStatistics } from '../../../src/quality/checks/spike-check.ts';
import { DEFAULT_QUALITY_THRESHOLDS as thresholds } from '../../../src/quality/quality-thresholds.ts';
import { ovenZone1 } from './label.ts';

/** The checkweigher: 502 ± 1.8 g, sampled every 200 ms. */
const weights: RobustStatistics = { count: 64, median: 502, mad: 1.2, meanAbsDev: 1.4 };
/** Its jumps between samples, g/s. */
const jumps: RobustStatistics = { count: 64, median: 0, mad: 8, meanAbsDev: 10 };

describe('checkSpike', () => {
  it('flags a sample far from the median that jumped there (0 g on the checkweigher)', () => {
    const finding = checkSpike(ovenZone1, 0, -2510, weights, jumps, thresholds);
    expect(finding?.details).toEqual({ value: 0, z: -282.2, median: 502, sigma: 1.78 });
    expect(finding?.message).toBe('oven.ZoneTemperature1 (line=Line1,machine=Oven2) = 0 is an outlier: -282.2 robust standard deviations from the recent median 502');
  });

  it('passes a value near the median, and one far from it that did not jump (a trend or a crest)', () => {
    expect(checkSpike(ovenZone1, 505, 15, weights, jumps, thresholds)).toBeNull();
    expect(checkSpike(ovenZone1, 530, 5, weights, jumps, thresholds)).toBeNull();
  });

  it('judges nothing before the window holds enough samples or when the values do not vary', () => {
    expect(checkSpike(ovenZone1, 0, -2510, { ...weights, count: 31 }, jumps, thresholds)).toBeNull();
    expect(checkSpike(ovenZone1, 0, -2510, { ...weights, mad: 0 }, jumps, thresholds)).toBeNull();
  });

  it('takes the level alone while the recent jumps cannot judge (too few, or the first sample)', () => {
    expect(checkSpike(ovenZone1, 0, -2510, weights, { ...jumps, count: 3 }, thresholds)).not.toBeNull();
    expect(checkSpike(ovenZone1, 0, Number.NaN, weights, jumps, thresholds)).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { checkFlatline, type UnchangedRun } from '../../../src/quality/checks/flatline-check.ts';
import { DEFAULT_QUALITY_THRESHOLDS as thresholds } from '../../../src/quality/quality-thresholds.ts';
import { ovenZone1 } from './label.ts';

const since = Date.UTC(2026, 0, 5, 8, 15, 0);
const stuck: UnchangedRun = { samples: 900, runLength: 30, runStartTime: since, variationAtRunStart: 0.98 };

describe('checkFlatline', () => {
  it('flags a long run of one value on a field that usually changes every sample', () => {
    expect(checkFlatline(ovenZone1, 41.4, since + 30_000, stuck, thresholds)).toEqual({
      message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) has been stuck at 41.4 for 30 samples (30 s) though it usually changes every sample',
      details: { value: 41.4, samples: 30, seconds: 30, since: '2026-01-05T08:15:00.000Z' },
    });
  });

  it('needs the run long in samples and in time', () => {
    expect(checkFlatline(ovenZone1, 41.4, since + 30_000, { ...stuck, runLength: 19 }, thresholds)).toBeNull();
    expect(checkFlatline(ovenZone1, 41.4, since + 29_999, stuck, thresholds)).toBeNull();
  });

  it('leaves alone fields that repeat by nature (setpoints, counters) and fields it barely knows', () => {
    expect(checkFlatline(ovenZone1, 210, since + 60_000, { ...stuck, runLength: 60, variationAtRunStart: 0.1 }, thresholds)).toBeNull();
    expect(checkFlatline(ovenZone1, 41.4, since + 30_000, { ...stuck, samples: 49 }, thresholds)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { checkRange } from '../../../src/quality/checks/range-check.ts';
import { ovenZone1 } from './label.ts';

describe('checkRange', () => {
  it('passes values within the registry range, bounds included', () => {
    expect(checkRange(ovenZone1, 0, 0, 320)).toBeNull();
    expect(checkRange(ovenZone1, 320, 0, 320)).toBeNull();
    expect(checkRange(ovenZone1, 1e9, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('flags a value beyond either bound, with the bounds as evidence (an open side as null)', () => {
    expect(checkRange(ovenZone1, 340.25, 0, 320)).toEqual({
      message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) = 340.3 is outside its range 0..320',
      details: { value: 340.25, min: 0, max: 320 },
    });
    expect(checkRange(ovenZone1, -1, 0, Number.POSITIVE_INFINITY)?.details).toEqual({ value: -1, min: 0, max: null });
  });
});

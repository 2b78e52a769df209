import { describe, expect, it } from 'vitest';
import { checkMissing } from '../../../src/quality/checks/missing-check.ts';
import { ovenZone1 } from './label.ts';

const at = Date.UTC(2026, 0, 5, 8, 2, 0);

describe('checkMissing', () => {
  it('flags an expected field absent from a point, stamped with the point time', () => {
    expect(checkMissing(ovenZone1, true, false, at)).toEqual({
      message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) is missing from a point of a series whose points nearly always carry it',
      details: { at: '2026-01-05T08:02:00.000Z' },
    });
  });

  it('passes a present field, and an absent one the series does not usually carry', () => {
    expect(checkMissing(ovenZone1, true, true, at)).toBeNull();
    expect(checkMissing(ovenZone1, false, false, at)).toBeNull();
  });
});

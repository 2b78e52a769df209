import { describe, expect, it } from 'vitest';
import { checkNull } from '../../../src/quality/checks/null-check.ts';
import { ovenZone1 } from './label.ts';

describe('checkNull', () => {
  it('flags non-finite numbers whatever the field carries', () => {
    expect(checkNull(ovenZone1, Number.NaN, true)).toEqual({ message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) reported NaN', details: { value: 'NaN' } });
    expect(checkNull(ovenZone1, Number.POSITIVE_INFINITY, null)?.details).toEqual({ value: 'Infinity' });
    expect(checkNull(ovenZone1, Number.NEGATIVE_INFINITY, false)?.details).toEqual({ value: '-Infinity' });
  });

  it('flags a string or boolean only in a field that carries numbers', () => {
    expect(checkNull(ovenZone1, 'n/a', true)).toEqual({ message: 'oven.ZoneTemperature1 (line=Line1,machine=Oven2) reported a string where it carries numbers', details: { value: 'n/a' } });
    expect(checkNull(ovenZone1, true, true)?.details).toEqual({ value: true });
    expect(checkNull(ovenZone1, 'Running', false)).toBeNull();
    expect(checkNull(ovenZone1, 'Running', null)).toBeNull();
  });

  it('passes finite numbers', () => {
    expect(checkNull(ovenZone1, 210.5, true)).toBeNull();
    expect(checkNull(ovenZone1, 0, null)).toBeNull();
  });
});

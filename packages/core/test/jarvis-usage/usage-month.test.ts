import { usageMonthOf, usageMonthRange } from '@facilflow/core';
import { describe, expect, it } from 'vitest';

describe('usage months are calendar months in UTC', () => {
  it('puts an instant in its UTC month, whatever the local time there', () => {
    expect(usageMonthOf(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03');
    expect(usageMonthOf(new Date('2026-04-01T00:00:00.000Z'))).toBe('2026-04');
    // 23:30 on 31 March in New York is already April in UTC.
    expect(usageMonthOf(new Date('2026-03-31T23:30:00-04:00'))).toBe('2026-04');
    // 00:30 on 1 April in Berlin is still March in UTC.
    expect(usageMonthOf(new Date('2026-04-01T00:30:00+02:00'))).toBe('2026-03');
  });

  it('covers from the first instant of the month up to the next month, across year ends and leap days', () => {
    expect(usageMonthRange('2026-12')).toEqual({ from: new Date('2026-12-01T00:00:00.000Z'), to: new Date('2027-01-01T00:00:00.000Z') });
    const february = usageMonthRange('2028-02');
    expect(february.to.getTime() - february.from.getTime()).toBe(29 * 86_400_000);
    for (const month of ['2026-01', '2026-03', '2026-10']) {
      const { from, to } = usageMonthRange(month);
      expect(usageMonthOf(from)).toBe(month);
      expect(usageMonthOf(new Date(to.getTime() - 1))).toBe(month);
      expect(usageMonthOf(to)).not.toBe(month);
    }
  });

  it('refuses a month that does not read YYYY-MM', () => {
    for (const bad of ['2026-13', '2026-1', '26-01', '2026-00', '']) expect(() => usageMonthRange(bad)).toThrow(/YYYY-MM/);
  });
});

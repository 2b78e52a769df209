import { describe, expect, it } from 'vitest';
import { unitConvertComponent } from '../../src/components/transforms/stream/unit-convert.ts';
import { canonical, runBatch, runStream } from './stage-context.ts';

const convert = async (from: string, to: string, value: number) => {
  const { rows } = await runBatch(unitConvertComponent, { conversions: [{ column: 'v', from, to }] }, [{ ref: 'in', rows: [{ time: 0, v: value }] }]);
  return rows[0]!.v as number;
};

describe('transform.unit-convert', () => {
  it('refuses unknown codes and conversions across dimensions, at the offending field', () => {
    const issues = (from: string, to: string) => unitConvertComponent.config.safeParse({ conversions: [{ column: 'v', from, to }] }).error?.issues;
    expect(issues('bar', 'kW')?.[0]).toMatchObject({ path: ['conversions', 0, 'to'], message: expect.stringMatching(/pressure.*power/) });
    expect(issues('furlong', 'm')?.[0]?.path).toEqual(['conversions', 0, 'from']);
    expect(issues('m', 'furlong')?.[0]?.path).toEqual(['conversions', 0, 'to']);
    expect(issues('toString', 'm')?.[0]?.path).toEqual(['conversions', 0, 'from']);
    expect(unitConvertComponent.config.safeParse({ conversions: [] }).success).toBe(false);
    expect(unitConvertComponent.config.safeParse(unitConvertComponent.examples[0]!.with).success).toBe(true);
  });

  it('converts affine temperatures and linear units both ways', async () => {
    expect(await convert('degC', 'degF', 100)).toBeCloseTo(212, 10);
    expect(await convert('[degF]', 'Cel', 32)).toBeCloseTo(0, 10);
    expect(await convert('K', 'degC', 0)).toBeCloseTo(-273.15, 10);
    expect(await convert('bar', '[psi]', 1)).toBeCloseTo(14.503773773, 8);
    expect(await convert('kPa', 'bar', 250)).toBeCloseTo(2.5, 12);
    expect(await convert('kWh', 'J', 1)).toBe(3.6e6);
    expect(await convert('kW', 'W', 1.5)).toBe(1500);
    expect(await convert('m3/h', 'L/min', 6)).toBeCloseTo(100, 10);
    expect(await convert('rpm', 'Hz', 3000)).toBeCloseTo(50, 12);
    expect(await convert('%', '1', 42)).toBeCloseTo(0.42, 12);
  });

  it('keeps the original with "as", leaves nulls null, refuses text, and handles empty input', async () => {
    const config = { conversions: [{ column: 'p', from: 'bar', to: 'kPa', as: 'pKPa' }] };
    const { rows } = await runBatch(unitConvertComponent, config, [{ ref: 'in', rows: [{ time: 1, p: 2 }, { time: 2, p: null }, { time: 3 }] }]);
    expect(rows).toEqual([
      { time: 1, p: 2, pKPa: 200 },
      { time: 2, p: null, pKPa: null },
      { time: 3, pKPa: null },
    ]);
    await expect(runBatch(unitConvertComponent, config, [{ ref: 'in', rows: [{ time: 1, p: 'high' }] }])).rejects.toThrow(/"p" must hold a number/);
    expect((await runBatch(unitConvertComponent, config, [{ ref: 'in', rows: [] }])).rows).toEqual([]);
  });

  it('streams the same rows as a batch, across a restart, with nothing held back', async () => {
    const config = { conversions: [{ column: 'p', from: 'bar', to: 'kPa' }] };
    const rows = [{ time: 5, p: 1 }, { time: 1, p: 2 }, { time: 3, p: null }];
    const batch = await runBatch(unitConvertComponent, config, [{ ref: 'in', rows }]);
    const stream = await runStream(unitConvertComponent, config, [{ ref: 'in', rows: rows.slice(0, 1) }, { checkpoint: true }, { ref: 'in', rows: rows.slice(1) }, { watermark: 100 }]);
    expect(canonical(stream.rows)).toEqual(canonical(batch.rows));
  });
});

import { describe, expect, it } from 'vitest';
import { createTagSignal } from '../src/behaviors/index.ts';
import { demoPlant, healthy, tagOf } from './support/plant.ts';

const SEED = 3;
const faultyAndHealthy = (suffix: string) => {
  const tag = tagOf(demoPlant, suffix);
  return { tag, faulty: createTagSignal(tag, SEED), healthy: createTagSignal(healthy(tag), SEED) };
};
const seconds = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('faults appear when the plant file says', () => {
  it('Oven2 ZoneTemperature1 drifts upward by 0.8 °C/min from 600 s on', () => {
    const { tag, faulty, healthy } = faultyAndHealthy('Baking.Line1.Oven2.ZoneTemperature1');
    expect(tag.behavior.fault).toEqual({ kind: 'drift', afterS: 600, ratePerMin: 0.8 });
    const offset = (t: number) => (faulty.valueAt(t) as number) - (healthy.valueAt(t) as number);
    for (const t of seconds(0, 600)) expect(offset(t), `t=${t}`).toBe(0);
    for (const t of seconds(601, 3600)) expect(offset(t), `t=${t}`).toBeCloseTo((0.8 * (t - 600)) / 60, 9);
    expect(offset(660)).toBeCloseTo(0.8, 9);
    expect(offset(1800)).toBeCloseTo(16, 9);
  });

  it('Oven1 GasFlow holds its 899 s reading from 900 s to 1020 s, then moves on', () => {
    const { tag, faulty, healthy } = faultyAndHealthy('Baking.Line1.Oven1.GasFlow');
    expect(tag.behavior.fault).toEqual({ kind: 'flatline', afterS: 900, durationS: 120 });
    const held = healthy.valueAt(899);
    for (const t of seconds(0, 899)) expect(faulty.valueAt(t), `t=${t}`).toBe(healthy.valueAt(t));
    for (const t of seconds(900, 1019, 0.5)) expect(faulty.valueAt(t), `t=${t}`).toBe(held);
    for (const t of seconds(1020, 2000)) expect(faulty.valueAt(t), `t=${t}`).toBe(healthy.valueAt(t));
    // The walk keeps going underneath, so the flat stretch is visible in the data.
    expect(seconds(900, 1019).some((t) => healthy.valueAt(t) !== held)).toBe(true);
  });

  it('Packaging Line2 Checkweigher NetWeight reads 0 g on exactly one sample every 300 s', () => {
    const { tag, faulty } = faultyAndHealthy('Packaging.Line2.Checkweigher.NetWeight');
    expect(tag.behavior.fault).toEqual({ kind: 'spike', everyS: 300, value: 0 });
    const samplesPerHour = 3600_000 / tag.samplingIntervalMs;
    const zeros = Array.from({ length: samplesPerHour + 1 }, (_, k) => k).filter((k) => faulty.sample(k) === 0);
    expect(zeros.map((k) => (k * tag.samplingIntervalMs) / 1000)).toEqual(seconds(300, 3600, 300));
    expect([299.8, 300, 300.2, 599.8, 600].map((t) => faulty.valueAt(t) === 0)).toEqual([false, true, false, false, true]);
  });

  it('hits only those three tags: their twins on the other lines stay healthy', () => {
    expect(demoPlant.tags.filter((t) => t.behavior.fault).map((t) => t.nodeId)).toEqual([
      'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven1.GasFlow',
      'ns=1;s=AcmeFoods.Riverside.Baking.Line1.Oven2.ZoneTemperature1',
      'ns=1;s=AcmeFoods.Riverside.Packaging.Line2.Checkweigher.NetWeight',
    ]);
    const lastTenMinutes = (suffix: string) => {
      const signal = createTagSignal(tagOf(demoPlant, suffix), SEED);
      const values = seconds(3000, 3600).map((t) => signal.valueAt(t) as number);
      return values.reduce((sum, v) => sum + v, 0) / values.length;
    };
    expect(lastTenMinutes('Baking.Line1.Oven1.ZoneTemperature1')).toBeCloseTo(210, 0);
    expect(lastTenMinutes('Baking.Line1.Oven2.ZoneTemperature1')).toBeCloseTo(210 + (0.8 * (3300 - 600)) / 60, 0);
  });
});

import { describe, expect, it } from 'vitest';
import { steppedSeries } from '../src/behaviors/stepped-series.ts';
import { createTagSignal } from '../src/behaviors/index.ts';
import { sampleIndexAt } from '../src/behaviors/signal.ts';
import { createPlantClock } from '../src/clock.ts';
import { createTagRandom } from '../src/random.ts';
import { demoPlant, tagOf } from './support/plant.ts';

const SEED = 42;
const signalOf = (suffix: string, seed = SEED) => createTagSignal(tagOf(demoPlant, suffix), seed);
const randomOf = (suffix: string, seed = SEED) => createTagRandom(seed, tagOf(demoPlant, suffix).nodeId);
const valuesOver = (suffix: string, seconds: number, seed = SEED) => {
  const signal = signalOf(suffix, seed);
  return Array.from({ length: seconds }, (_, t) => signal.valueAt(t));
};

describe('determinism', () => {
  it('replays every tag identically for the same seed, in any order of reads', () => {
    for (const tag of demoPlant.tags) {
      const first = createTagSignal(tag, SEED);
      const second = createTagSignal(tag, SEED);
      const times = [0, 0.5, 1, 59.9, 600, 901, 3600, 7200.2];
      const forward = times.map((t) => first.valueAt(t));
      const backward = [...times]
        .reverse()
        .map((t) => second.valueAt(t))
        .reverse();
      expect(backward, tag.nodeId).toEqual(forward);
    }
  });

  it('gives another plant for another seed, and independent noise to identical tags', () => {
    expect(valuesOver('Mixing.Mixer1.MotorSpeed', 60, 1)).not.toEqual(valuesOver('Mixing.Mixer1.MotorSpeed', 60, 2));
    expect(valuesOver('Mixing.Mixer1.MotorSpeed', 60)).not.toEqual(valuesOver('Mixing.Mixer2.MotorSpeed', 60));
  });

  it('pins the generator: these numbers change only if the plant would replay differently', () => {
    const random = createTagRandom(42, 'ns=1;s=AcmeFoods.Riverside.Mixing.Mixer1.MotorSpeed');
    expect([random.uniform(0, 0), random.uniform(1, 0), random.uniform(1, 2), random.gaussian(60, 0)]).toEqual([
      0.9724363344721496, 0.3550022938288748, 0.21706840978004038, 0.49971283255663956,
    ]);
  });

  it('draws uniforms in [0, 1) and standard normals', () => {
    const random = createTagRandom(7, 'any');
    const uniforms = Array.from({ length: 20_000 }, (_, k) => random.uniform(k, 0));
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(mean(uniforms)).toBeCloseTo(0.5, 2);
    const normals = Array.from({ length: 20_000 }, (_, k) => random.gaussian(k, 0));
    expect(mean(normals)).toBeCloseTo(0, 1);
    expect(stddev(normals)).toBeCloseTo(1, 1);
  });
});

describe('behaviours at chosen times', () => {
  it('sine: mean + amplitude·sin(2πt/period) + noise', () => {
    // Mixer1.MotorSpeed: mean 1200, amplitude 150, period 120 s, noise 8, sampled every 500 ms.
    const signal = signalOf('Mixing.Mixer1.MotorSpeed');
    const noise = randomOf('Mixing.Mixer1.MotorSpeed');
    expect(signal.valueAt(30)).toBe(1200 + 150 * Math.sin((2 * Math.PI * 30_000) / 120_000) + 8 * noise.gaussian(60, 0));
    expect(signal.valueAt(30.4)).toBe(signal.valueAt(30)); // same 500 ms sample
    expect(signal.valueAt(60)).toBeCloseTo(1200 + 8 * noise.gaussian(120, 0), 9);
    expect(signal.valueAt(90)).toBeCloseTo(1050 + 8 * noise.gaussian(180, 0), 9);
  });

  it('setpoint: setpoint + noise', () => {
    const signal = signalOf('Baking.Line1.Oven1.ZoneTemperature2');
    expect(signal.valueAt(100)).toBe(225 + 1.5 * randomOf('Baking.Line1.Oven1.ZoneTemperature2').gaussian(100, 0));
  });

  it('normal: N(mean, stddev²) per sample', () => {
    const signal = signalOf('Packaging.Line1.Checkweigher.NetWeight');
    expect(signal.valueAt(1)).toBe(502 + 1.8 * randomOf('Packaging.Line1.Checkweigher.NetWeight').gaussian(5, 0));
    const values = Array.from({ length: 20_000 }, (_, k) => signal.sample(k));
    expect(mean(values)).toBeCloseTo(502, 1);
    expect(stddev(values)).toBeCloseTo(1.8, 1);
  });

  it('constant: the value', () => {
    expect(valuesOver('Baking.Line1.Oven1.Setpoint', 3600).every((v) => v === 210)).toBe(true);
  });

  it('duty: on for onS, off for offS, from start', () => {
    // Oven1.BurnerOn: on 40 s, off 20 s.
    const signal = signalOf('Baking.Line1.Oven1.BurnerOn');
    expect([0, 39, 40, 59, 60, 99, 100].map((t) => signal.valueAt(t))).toEqual([true, true, false, false, true, true, false]);
  });

  it('states: each value for its dwell, cycling', () => {
    // Mixer1.State: Idle 20 s, Filling 15 s, Mixing 60 s, Discharging 15 s (cycle 110 s).
    const signal = signalOf('Mixing.Mixer1.State');
    expect([0, 19, 20, 34, 35, 94, 95, 109, 110, 130].map((t) => signal.valueAt(t))).toEqual([
      'Idle',
      'Idle',
      'Filling',
      'Filling',
      'Mixing',
      'Mixing',
      'Discharging',
      'Discharging',
      'Idle',
      'Filling',
    ]);
  });

  it('counter with incrementEveryS: +1 per period, seen at the tag’s 5 s samples', () => {
    // Mixer1.BatchCount: +1 every 110 s, sampled every 5000 ms.
    const signal = signalOf('Mixing.Mixer1.BatchCount');
    expect([0, 109, 110, 114.9, 219, 220, 1100].map((t) => signal.valueAt(t))).toEqual([0, 0, 1, 1, 1, 2, 10]);
  });

  it('counter with ratePerS on a UInt32 tag: whole increments averaging the rate', () => {
    // Filler.GoodCount: 3.2 parts/s at 1 s samples → +3 or +4, +4 with probability 0.2.
    const signal = signalOf('Packaging.Line1.Filler.GoodCount');
    const random = randomOf('Packaging.Line1.Filler.GoodCount');
    expect(signal.valueAt(0)).toBe(0);
    expect(signal.valueAt(1)).toBe(random.uniform(1, 3) < 0.2 ? 4 : 3);
    const steps = diffs(valuesOver('Packaging.Line1.Filler.GoodCount', 3601));
    expect(new Set(steps)).toEqual(new Set([3, 4]));
    expect(Number(signal.valueAt(3600)) / 3600).toBeCloseTo(3.2, 1);
  });

  it('counter with ratePerS on a Double tag: continuous increments around the rate', () => {
    // EnergyMeter.ActiveEnergy: 0.09 kWh/s at 5 s samples → λ = 0.45 kWh per sample, each in [0.225, 0.675).
    const signal = signalOf('Utilities.EnergyMeter.ActiveEnergy');
    expect(signal.sample(1)).toBe(0.09 * 5 * (0.5 + randomOf('Utilities.EnergyMeter.ActiveEnergy').uniform(1, 3)));
    const steps = diffs(Array.from({ length: 721 }, (_, k) => signal.sample(k) as number));
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0.225 - 1e-9);
    expect(Math.max(...steps)).toBeLessThan(0.675 + 1e-9);
    expect((signal.valueAt(3600) as number) / 3600).toBeCloseTo(0.09, 2);
  });

  it('random walk: ±step per sample from start, clamped, readable at any time', () => {
    // Mixer1.BatchTemperature: start 24, step 0.2, within [18, 40], 1 s samples.
    const random = randomOf('Mixing.Mixer1.BatchTemperature');
    let expected = 24;
    const replayed = [expected];
    for (let k = 1; k <= 5000; k++) {
      expected = Math.min(40, Math.max(18, random.uniform(k, 2) < 0.5 ? expected - 0.2 : expected + 0.2));
      replayed.push(expected);
    }
    const signal = signalOf('Mixing.Mixer1.BatchTemperature');
    // Read late first, then early, then late again: the cache must not change any answer.
    expect(signal.valueAt(5000)).toBe(replayed[5000]);
    expect(signal.valueAt(10)).toBe(replayed[10]);
    expect(signal.valueAt(4321)).toBe(replayed[4321]);
    expect(Array.from({ length: 5001 }, (_, t) => signal.valueAt(t))).toEqual(replayed);
    expect(diffs(replayed).every((d) => Math.abs(Math.abs(d) - 0.2) < 1e-9 || Math.abs(d) < 1e-9)).toBe(true);
  });

  it('stepped series: backward reads restart from checkpoints and agree with forward reads', () => {
    const series = steppedSeries(1, (x, k) => x * 1.0001 + Math.sin(k), 16);
    const forward = Array.from({ length: 200 }, (_, k) => series(k));
    const again = steppedSeries(1, (x, k) => x * 1.0001 + Math.sin(k), 16);
    expect([199, 3, 150, 17, 16, 15, 0].map((k) => again(k))).toEqual([199, 3, 150, 17, 16, 15, 0].map((k) => forward[k]));
  });

  it('samples on a fixed grid: the value at t is the sample at ⌊t / interval⌋', () => {
    expect(sampleIndexAt(569.9999999, 10)).toBe(57); // 0.57 s × 1000 must not fall a sample short
    expect(sampleIndexAt(199, 200)).toBe(0);
    expect(sampleIndexAt(200, 200)).toBe(1);
    expect(sampleIndexAt(-5, 200)).toBe(0);
  });
});

describe('plant clock', () => {
  it('runs speed times faster than the wall clock from its start', () => {
    let wall = 1_000;
    const clock = createPlantClock({ speed: 60, start: Date.UTC(2026, 0, 1), wallNow: () => wall });
    expect(clock.elapsedMs()).toBe(0);
    wall += 10_000;
    expect(clock.elapsedMs()).toBe(600_000);
    expect(new Date(clock.nowMs()).toISOString()).toBe('2026-01-01T00:10:00.000Z');
  });

  it('can start a plant that has already run a while, its source timestamps still on the wall clock', () => {
    let wall = 100_000;
    const clock = createPlantClock({ elapsedAtStartS: 390, wallNow: () => wall });
    expect(clock.elapsedMs()).toBe(390_000);
    expect(clock.nowMs()).toBe(100_000);
    wall += 1_000;
    expect(clock.elapsedMs()).toBe(391_000);
    expect(clock.nowMs()).toBe(101_000);
    expect(() => createPlantClock({ elapsedAtStartS: -1 })).toThrow(RangeError);
  });

  it('starts at the wall time by default and refuses a non-positive speed', () => {
    const clock = createPlantClock({ wallNow: () => 5_000 });
    expect(clock.nowMs()).toBe(5_000);
    expect(() => createPlantClock({ speed: 0 })).toThrow(RangeError);
  });
});

function diffs(values: readonly (number | boolean | string)[]): number[] {
  return values.slice(1).map((v, i) => Number(v) - Number(values[i]));
}
function mean(values: readonly (number | boolean | string)[]): number {
  return values.reduce<number>((sum, v) => sum + Number(v), 0) / values.length;
}
function stddev(values: readonly (number | boolean | string)[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce<number>((sum, v) => sum + (Number(v) - m) ** 2, 0) / values.length);
}

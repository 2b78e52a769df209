import { describe, expect, it } from 'vitest';
import { filterComponent } from '../../src/components/transforms/record/filter.ts';
import { jsonTransformComponent } from '../../src/components/transforms/record/json-transform.ts';
import { mapComponent } from '../../src/components/transforms/record/map.ts';
import { runBatch, runStream, stageFor } from './stage-context.ts';

const readings = [
  { time: 1000, machine: 'Oven1', temp: 220, raw: 'x' },
  { time: 2000, machine: 'Oven2', temp: 235.55, raw: 'y' },
  { time: 3000, machine: 'Oven2', temp: null, raw: 'z' },
];

describe('transform.filter', () => {
  it('keeps rows whose expression is true, null comparisons being false, in batch and stream alike', async () => {
    const stage = stageFor(filterComponent, { where: 'temp > params.limit' }, { params: { limit: 230 } });
    expect((await runBatch(filterComponent, stage, readings)).rows.map((row) => row.time)).toEqual([2000]);
    expect((await runStream(filterComponent, stage, readings)).rows.map((row) => row.time)).toEqual([2000]);
  });

  it('refuses a config without an expression and fails the attempt on a bad one, naming the entry', async () => {
    expect(filterComponent.config.safeParse({}).success).toBe(false);
    await expect(runBatch(filterComponent, stageFor(filterComponent, { where: 'temp >' }), readings)).rejects.toThrow(/where: the expression ends too soon/);
    const typeError = stageFor(filterComponent, { where: 'machine > 3' });
    await expect(runBatch(filterComponent, typeError, readings)).rejects.toThrow(/where: > compares two numbers or two strings/);
  });

  it('passes an empty input through as empty', async () => {
    expect((await runBatch(filterComponent, stageFor(filterComponent, { where: 'true' }), [])).rows).toEqual([]);
  });
});

describe('transform.map', () => {
  it('sets from the incoming row, then renames, then drops', async () => {
    const stage = stageFor(mapComponent, { set: { temp_f: 'round(temp * 9 / 5 + 32, 1)', temp: 'temp + 1', hot: 'temp > 230' }, rename: { temp: 'temp_c' }, drop: ['raw'] });
    const { rows } = await runBatch(mapComponent, stage, readings);
    expect(rows[1]).toEqual({ time: 2000, machine: 'Oven2', temp_c: 236.55, temp_f: 456, hot: true });
    expect(rows[2]).toEqual({ time: 3000, machine: 'Oven2', temp_c: null, temp_f: null, hot: false });
    expect((await runStream(mapComponent, stage, readings)).rows).toEqual(rows);
  });

  it('refuses to store a list in a column', async () => {
    const stage = stageFor(mapComponent, { set: { both: '[1, 2]' } });
    await expect(runBatch(mapComponent, stage, readings)).rejects.toThrow(/set.both: the expression gives a list/);
  });

  it('lists its expressions with their paths for validation', () => {
    expect(mapComponent.expressions!(mapComponent.config.parse({ set: { a: 'x + 1' } }))).toEqual([{ path: ['set', 'a'], source: 'x + 1' }]);
  });
});

describe('transform.json-transform', () => {
  it('builds rows from the template: expressions, constants and flattened groups', async () => {
    const stage = stageFor(jsonTransformComponent, { template: { time: 'time', asset: 'concat("L1/", machine)', temperature: { value: 'round(temp, 1)', unit: '"Cel"' }, version: 2, note: null } });
    const { rows } = await runBatch(jsonTransformComponent, stage, readings.slice(1, 2));
    expect(rows).toEqual([{ time: 2000, asset: 'L1/Oven2', 'temperature.value': 235.6, 'temperature.unit': 'Cel', version: 2, note: null }]);
    expect((await runStream(jsonTransformComponent, stage, readings.slice(1, 2))).rows).toEqual(rows);
  });

  it('keeps the incoming columns when asked, the template winning a clash', async () => {
    const stage = stageFor(jsonTransformComponent, { template: { raw: 'upper(raw)' }, keep: true });
    expect((await runBatch(jsonTransformComponent, stage, readings.slice(0, 1))).rows).toEqual([{ time: 1000, machine: 'Oven1', temp: 220, raw: 'X' }]);
  });

  it('refuses an empty template and lists only string leaves as expressions', () => {
    expect(jsonTransformComponent.config.safeParse({ template: {} }).success).toBe(false);
    const config = jsonTransformComponent.config.parse({ template: { a: 'x', b: 1, g: { c: 'y', d: true } } });
    expect(jsonTransformComponent.expressions!(config)).toEqual([
      { path: ['template', 'a'], source: 'x' },
      { path: ['template', 'g', 'c'], source: 'y' },
    ]);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryPoint } from '@facilflow/contracts';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbStore, type LatestValue, type TimeSeriesStore } from '../src/index.ts';
import { LastValueBatch } from '../src/duckdb/last-value-batch.ts';
import { LastValueCache } from '../src/duckdb/last-value-cache.ts';
import { Table } from '../src/duckdb/table-schema.ts';

const root = mkdtempSync(join(tmpdir(), 'ff-timeseries-lvc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const QUERY = { maxRows: 10_000, timeoutMs: 30_000 };
const T0 = Date.UTC(2025, 0, 1);
const MACHINES = ['Oven1', 'Oven2', 'Press1'];
/** Each field keeps one type, so no point is refused for a type change. */
const FIELD_VALUES = {
  temperature: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  running: fc.boolean(),
  state: fc.string({ maxLength: 20 }),
};

/** A point without its time: times are handed out afterwards, all distinct, so "the latest" is one row. */
const untimedPoint = fc.record({
  m: fc.constantFrom('oven', 'press'),
  machine: fc.constantFrom(...MACHINES),
  site: fc.option(fc.constantFrom('plant_1', 'plant_2'), { nil: undefined }),
  fields: fc.record(FIELD_VALUES, { requiredKeys: [] }).filter((fields) => Object.keys(fields).length > 0),
});
type UntimedPoint = typeof untimedPoint extends fc.Arbitrary<infer T> ? T : never;

/** Batches of points whose times, drawn from a shuffled range, arrive out of order. */
const batches = fc
  .array(fc.array(untimedPoint, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 })
  .chain((groups) => {
    const count = groups.reduce((sum, group) => sum + group.length, 0);
    return fc.shuffledSubarray([...Array(count * 3).keys()], { minLength: count, maxLength: count }).map((offsets) => {
      let next = 0;
      // Some times carry microseconds, as sources with finer clocks send them.
      return groups.map((group) => group.map((point) => timed(point, T0 + offsets[next]! * 1000 + (offsets[next++]! % 3) * 0.123)));
    });
  });

function timed(point: UntimedPoint, t: number): TelemetryPoint {
  // Tags listed in either order: the series is the same.
  const tags: Record<string, string> = point.site === undefined ? { machine: point.machine } : Math.floor(t / 1000) % 2 === 0 ? { site: point.site, machine: point.machine } : { machine: point.machine, site: point.site };
  return { m: point.m, tags, f: point.fields, t };
}

/** The latest values as `SELECT ... ORDER BY time DESC LIMIT 1` finds them, per series and field. */
async function latestBySql(store: TimeSeriesStore, tenant: string): Promise<LatestValue[]> {
  const expected: LatestValue[] = [];
  const catalog = await store.catalog(tenant);
  for (const measurement of catalog.measurements) {
    const tagNames = measurement.tags.map((tag) => tag.name);
    const series = await store.query(tenant, `SELECT DISTINCT ${tagNames.join(', ')} FROM ${measurement.name}`, QUERY);
    for (const row of series.rows) {
      const tags: Record<string, string> = {};
      const params: Record<string, string | null> = {};
      tagNames.forEach((name, i) => {
        if (typeof row[i] === 'string') tags[name] = row[i];
        params[name] = (row[i] as string | null) ?? null;
      });
      const sameSeries = tagNames.map((name) => `${name} IS NOT DISTINCT FROM $${name}`).join(' AND ');
      for (const { name: field } of measurement.fields) {
        const last = await store.query(
          tenant,
          `SELECT ${field}, time FROM ${measurement.name} WHERE ${sameSeries} AND ${field} IS NOT NULL ORDER BY time DESC LIMIT 1`,
          { ...QUERY, params },
        );
        const [value, time] = last.rows[0] ?? [];
        if (time !== undefined) expected.push({ measurement: measurement.name, tags, field, value: value as LatestValue['value'], time: time as string });
      }
    }
  }
  return sorted(expected);
}

function sorted(values: LatestValue[]): LatestValue[] {
  const key = (value: LatestValue) => JSON.stringify([value.measurement, Object.entries(value.tags).sort(), value.field]);
  return [...values].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('DuckDB store: last-value cache', () => {
  it('answers latest() as ORDER BY time DESC LIMIT 1 does, per series and field, after random writes, out-of-order points and reopening', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(batches, batches, async (before, after) => {
        const dir = join(root, `property-${run++}`);
        let store = createDuckDbStore({ dir, idleCloseMs: 60_000 });
        const [first = [], ...rest] = before;
        await store.write('t_lvc', first);
        // The first latest() fills the cache from the store; from then on the writer alone keeps it.
        await store.latest('t_lvc');
        // Concurrent writes land in shared commit groups.
        await Promise.all(rest.map((points) => store.write('t_lvc', points)));
        expect(sorted(await store.latest('t_lvc'))).toEqual(await latestBySql(store, 't_lvc'));
        await store.close();

        // Reopened: the cache is rebuilt from the store, while writes (older and newer) arrive.
        store = createDuckDbStore({ dir, idleCloseMs: 60_000 });
        const shifted = after.map((points) => points.map((point) => ({ ...point, t: point.t + 500 })));
        const half = Math.ceil(shifted.length / 2);
        await Promise.all([...shifted.slice(0, half).map((points) => store.write('t_lvc', points)), store.latest('t_lvc')]);
        await Promise.all(shifted.slice(half).map((points) => store.write('t_lvc', points)));
        const expected = await latestBySql(store, 't_lvc');
        expect(sorted(await store.latest('t_lvc'))).toEqual(expected);
        const oven1 = expected.filter((value) => value.measurement === 'oven' && value.tags.machine === 'Oven1');
        expect(sorted(await store.latest('t_lvc', { measurement: 'OVEN', where: { MACHINE: 'Oven1' } }))).toEqual(oven1);
        expect(await store.latest('t_lvc', { where: { line: 'l1' } })).toEqual([]);
        await store.close();
      }),
      // Seed -2129258593 found the rebuild reading a table's columns and its rows in two snapshots (see latest.ts).
      { numRuns: 8 },
    );
  }, 600_000);

  it('never lets an older point replace a newer value', async () => {
    const store = createDuckDbStore({ dir: join(root, 'order'), idleCloseMs: 60_000 });
    await store.write('t_order', [{ m: 'oven', tags: { machine: 'Oven1' }, f: { temperature: 200 }, t: T0 + 2000 }]);
    // Filled from the store now, so the next write reaches latest() through the writer's update only.
    expect(await store.latest('t_order')).toHaveLength(1);
    await store.write('t_order', [{ m: 'oven', tags: { machine: 'Oven1' }, f: { temperature: 100, state: 'late' }, t: T0 + 1000 }]);
    expect(sorted(await store.latest('t_order'))).toEqual([
      { measurement: 'oven', tags: { machine: 'Oven1' }, field: 'state', value: 'late', time: new Date(T0 + 1000).toISOString() },
      { measurement: 'oven', tags: { machine: 'Oven1' }, field: 'temperature', value: 200, time: new Date(T0 + 2000).toISOString() },
    ]);
    await store.close();
  });

  it('leaves out the values of a write that failed to commit', async () => {
    const store = createDuckDbStore({ dir: join(root, 'refused'), idleCloseMs: 60_000 });
    await store.write('t_refused', [{ m: 'oven', tags: { machine: 'Oven1' }, f: { temperature: 1 }, t: T0 }]);
    await store.latest('t_refused');
    // Refused points are not stored, so they are not the latest either.
    const result = await store.write('t_refused', [{ m: 'oven', tags: { machine: 'Oven1' }, f: { temperature: 'hot' }, t: T0 + 1 }]);
    expect(result.rejected).toHaveLength(1);
    expect((await store.latest('t_refused')).map((value) => value.value)).toEqual([1]);
    await store.close();
  });

  it('stays within its bound, evicting the least recently written series, and reads evicted measurements from the store', async () => {
    const dir = join(root, 'bound');
    const store = createDuckDbStore({ dir, idleCloseMs: 60_000, lastValueCacheEntries: 5 });
    expect(await store.latest('t_bound')).toEqual([]);
    // Two fields per series, six series: twelve values for a bound of five.
    for (let i = 0; i < 6; i++) await store.write('t_bound', [{ m: 'line', tags: { machine: `M${i}` }, f: { a: i, b: 10 + i }, t: T0 + i }]);
    await store.write('t_bound', [{ m: 'other', tags: { machine: 'X' }, f: { a: 1 }, t: T0 }]);
    const latest = await store.latest('t_bound');
    expect(sorted(latest)).toEqual(await latestBySql(store, 't_bound'));
    expect(latest).toHaveLength(13);
    expect(await store.latest('t_bound', { where: { machine: 'M0' } })).toEqual([
      { measurement: 'line', tags: { machine: 'M0' }, field: 'a', value: 0, time: new Date(T0).toISOString() },
      { measurement: 'line', tags: { machine: 'M0' }, field: 'b', value: 10, time: new Date(T0).toISOString() },
    ]);
    await store.close();
  });

  it('holds at most maxEntries values, dropping whole series least recently written first', () => {
    const table = new Table('line');
    table.add('machine', 'tag', 'VARCHAR');
    table.add('a', 'field', 'DOUBLE');
    table.add('b', 'field', 'DOUBLE');
    const cache = new LastValueCache(5);
    const rebuilt: LatestValue[] = [
      { measurement: 'line', tags: { machine: 'M_old' }, field: 'a', value: 1, time: new Date(T0).toISOString() },
      { measurement: 'line', tags: { machine: 'M_new' }, field: 'a', value: 2, time: new Date(T0 + 5).toISOString() },
    ];
    cache.applyRebuild(rebuilt);
    for (const machine of ['M1', 'M2']) {
      const batch = new LastValueBatch();
      batch.add(table, { m: 'line', tags: { machine }, f: { a: 1, b: 2 }, t: T0 + 10 });
      cache.apply(batch);
      expect(cache.entries).toBeLessThanOrEqual(5);
    }
    // Six values: M_old, the oldest in the rebuild, went; M_new and the two series written since stay whole.
    expect(cache.entries).toBe(5);
    expect(cache.read({})).toEqual({ values: [], readFromStore: ['line'] });
    // Another measurement that lost nothing is still served.
    const other = new Table('other');
    other.add('v', 'field', 'DOUBLE');
    const batch = new LastValueBatch();
    batch.add(other, { m: 'other', tags: {}, f: { v: 3 }, t: T0 });
    cache.apply(batch);
    expect(cache.read({ measurement: 'other' })).toEqual({ values: [{ measurement: 'other', tags: {}, field: 'v', value: 3, time: new Date(T0).toISOString() }], readFromStore: [] });
    // M_new was the least recently written series left.
    expect(cache.entries).toBe(5);
  });
});

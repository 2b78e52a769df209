import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryPoint } from '@facilflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbStore, type TimeSeriesStore, type WithheldColumn } from '../src/index.ts';
import { refuseWithheldNames } from '../src/influxdb3/withheld-names.ts';

const root = mkdtempSync(join(tmpdir(), 'ff-timeseries-governance-'));
const QUERY = { maxRows: 1000, timeoutMs: 30_000 };
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const SECRET: WithheldColumn = { measurement: 'oven', field: 'Recipe', reason: 'classified confidential (engineer or above)' };

let store: TimeSeriesStore;

function ovenPoint(t: number, machine: string): TelemetryPoint {
  return { m: 'oven', tags: { machine }, f: { ZoneTemperature1: 180 + t / DAY, Recipe: 4711 }, t };
}

beforeAll(async () => {
  // Windows of one day, so a retention cutoff falls after whole compacted windows.
  store = createDuckDbStore({ dir: root, idleCloseMs: 60_000, compactionWindowMs: DAY });
  for (const tenant of ['t_a', 't_b']) {
    const points = [0, 1, 2, 3, 4, 5].flatMap((day) => [ovenPoint(T0 + day * DAY, 'Oven1'), ovenPoint(T0 + day * DAY + 1, 'Oven2')]);
    points.push({ m: 'press', tags: { machine: 'Press1' }, f: { force: 1 }, t: T0 });
    points.push({ m: 'stale', tags: { machine: 'Old' }, f: { value: 1 }, t: T0 });
    expect((await store.write(tenant, points)).rejected).toEqual([]);
  }
  await store.compact!('t_a');
});
afterAll(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('retention on the embedded store', () => {
  it('deletes only the older rows of that measurement of that tenant', async () => {
    // Filled first, so the cache must forget what retention deletes.
    expect((await store.latest('t_a', { measurement: 'stale' })).map((value) => value.field)).toEqual(['value']);
    const deletion = await store.deleteBefore!('t_a', 'OVEN', T0 + 3 * DAY);
    expect(deletion).toEqual({ measurement: 'oven', rows: 6 });
    const count = async (tenant: string, sql: string) => (await store.query(tenant, sql, QUERY)).rows[0]![0];
    expect(await count('t_a', 'SELECT count(*) FROM oven')).toBe(6);
    expect(await count('t_a', "SELECT min(time) FROM oven")).toBe(new Date(T0 + 3 * DAY).toISOString());
    expect(await count('t_a', 'SELECT count(*) FROM press')).toBe(1);
    expect(await count('t_b', 'SELECT count(*) FROM oven')).toBe(12);
    expect((await store.deleteBefore!('t_a', 'stale', T0 + DAY)).rows).toBe(1);
    expect(await store.latest('t_a', { measurement: 'stale' })).toEqual([]);
    expect((await store.latest('t_b', { measurement: 'stale' })).length).toBe(1);
    expect(await store.deleteBefore!('t_a', 'missing', T0)).toEqual({ measurement: 'missing', rows: 0 });
  });

  it('writes go on around a deletion', async () => {
    const [written] = await Promise.all([store.write('t_a', [ovenPoint(T0 + 9 * DAY, 'Oven3')]), store.deleteBefore!('t_a', 'oven', T0 + 4 * DAY)]);
    expect(written.written).toBe(1);
    const latest = await store.latest('t_a', { measurement: 'oven', where: { machine: 'Oven3' } });
    expect(latest.map((value) => value.field).sort()).toEqual(['Recipe', 'ZoneTemperature1']);
  });
});

describe('withheld columns on the embedded store', () => {
  const withheld = { ...QUERY, withheld: [SECRET] };

  it('SELECT * and a measurement read as a row leave the column out', async () => {
    const all = await store.query('t_b', 'SELECT * FROM oven ORDER BY time LIMIT 1', withheld);
    expect(all.columns.map((column) => column.name)).toEqual(['time', 'machine', 'ZoneTemperature1']);
    const struct = await store.query('t_b', 'SELECT to_json(oven) AS row FROM oven LIMIT 1', withheld);
    expect(String(struct.rows[0]![0])).not.toContain('Recipe');
    const columns = await store.query('t_b', 'SELECT COLUMNS(*) FROM (SELECT * FROM oven) LIMIT 1', withheld);
    expect(columns.columns.map((column) => column.name)).not.toContain('Recipe');
  });

  it('naming the column is refused with its classification, and so is reaching around the view', async () => {
    await expect(store.query('t_b', 'SELECT max(recipe) FROM oven', withheld)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('classified confidential'),
    });
    await expect(store.query('t_b', 'SELECT o."Recipe" FROM oven AS o', withheld)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(store.query('t_b', 'SELECT * FROM main.oven', withheld)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the same connection answers the next caller with every column', async () => {
    for (let i = 0; i < 6; i++) await store.query('t_b', 'SELECT * FROM oven LIMIT 1', withheld);
    const all = await store.query('t_b', 'SELECT * FROM oven LIMIT 1', QUERY);
    expect(all.columns.map((column) => column.name)).toContain('Recipe');
    expect((await store.query('t_b', 'SELECT max(Recipe) FROM main.oven', QUERY)).rows[0]![0]).toBe(4711);
  });
});

describe('withheld names on InfluxDB 3', () => {
  it('refuses a query that names a withheld field, not one that only mentions it in a string', () => {
    expect(() => refuseWithheldNames('SELECT "Recipe" FROM oven', [SECRET])).toThrow(/classified confidential/);
    expect(() => refuseWithheldNames("SELECT * FROM oven WHERE machine = 'Recipe'", [SECRET])).not.toThrow();
    expect(() => refuseWithheldNames('SELECT * FROM oven', [{ measurement: 'oven', field: '*', reason: 'classified restricted' }])).toThrow(/restricted/);
  });
});

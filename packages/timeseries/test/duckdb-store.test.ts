import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDuckDbStore } from '../src/index.ts';
import { expectRefusal, timeSeriesStoreContract } from './store.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'ff-timeseries-duckdb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const QUERY = { maxRows: 100, timeoutMs: 30_000 };
const T0 = Date.UTC(2025, 0, 1);

timeSeriesStoreContract({
  name: 'DuckDB',
  createStore: () => createDuckDbStore({ dir: join(root, 'contract'), idleCloseMs: 60_000 }),
  tenant: (label) => `t_${label}`,
});

describe('DuckDB store', () => {
  it('keeps one file per tenant and refuses tenant ids that could leave the directory', async () => {
    const dir = join(root, 'files');
    const store = createDuckDbStore({ dir, idleCloseMs: 60_000 });
    await store.write('t_files', [{ m: 'm', tags: {}, f: { v: 1 }, t: T0 }]);
    expect(existsSync(join(dir, 't_files.duckdb'))).toBe(true);
    for (const bad of ['../escape', 'a/b', 'Upper', '', 'x'.repeat(65), 'main', 't;drop']) {
      await expectRefusal(store.write(bad, [{ m: 'm', tags: {}, f: { v: 1 }, t: T0 }]), 'INVALID', /Tenant id/);
    }
    expect(existsSync(join(root, 'escape.duckdb'))).toBe(false);
    await store.close();
  });

  it('closes an idle tenant database and reopens it on the next call', async () => {
    const dir = join(root, 'idle');
    const store = createDuckDbStore({ dir, idleCloseMs: 50 });
    await store.write('t_idle', [{ m: 'm', tags: {}, f: { v: 7 }, t: T0 }]);
    expect(existsSync(join(dir, 't_idle.duckdb.wal'))).toBe(true);
    // Closing checkpoints the WAL into the database file and removes it.
    await vi.waitFor(() => expect(existsSync(join(dir, 't_idle.duckdb.wal'))).toBe(false), { timeout: 10_000, interval: 20 });
    expect((await store.query('t_idle', 'SELECT v FROM m', QUERY)).rows).toEqual([[7]]);
    await store.close();
  });

  it('has made a write durable by the time it resolves: the data survives a SIGKILL', () => {
    const dir = join(root, 'crash');
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./support/write-then-crash.ts', import.meta.url)), dir, 't_crash'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(JSON.parse(child.stdout)).toEqual({ written: 1000, rejected: [] });
    // The process died before any checkpoint: the rows can only come from the synced WAL.
    expect(existsSync(join(dir, 't_crash.duckdb.wal'))).toBe(true);
    return (async () => {
      const store = createDuckDbStore({ dir, idleCloseMs: 60_000 });
      const read = await store.query('t_crash', 'SELECT count(*), sum(n) FROM durable', QUERY);
      expect(read.rows).toEqual([[1000, 499_500]]);
      await store.close();
    })();
  });

  it('commits concurrent writes that each add columns together', async () => {
    const store = createDuckDbStore({ dir: join(root, 'group'), idleCloseMs: 60_000 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.write('t_group', [{ m: 'line', tags: { [`tag_${i % 3}`]: `v${i}` }, f: { [`field_${i}`]: i, shared: i }, t: T0 + i }])),
    );
    expect(results.every((result) => result.written === 1)).toBe(true);
    const catalog = await store.catalog('t_group');
    expect(catalog.measurements[0]!.fields).toHaveLength(21);
    expect(catalog.measurements[0]!.tags.map((tag) => tag.name).sort()).toEqual(['tag_0', 'tag_1', 'tag_2']);
    const read = await store.query('t_group', 'SELECT count(*), sum(shared), sum(field_19) FROM line', QUERY);
    expect(read.rows).toEqual([[20, 190, 19]]);
    await store.close();
  });

  it('completes a write that arrives at any moment of a commit in flight', async () => {
    const store = createDuckDbStore({ dir: join(root, 'trickle'), idleCloseMs: 60_000 });
    const big = Array.from({ length: 5000 }, (_, i) => ({ m: 'trickle', tags: {}, f: { n: 1 }, t: T0 + i }));
    // The second write lands 0, 1, 2... ms after the first: before, during and after its commit.
    for (let delay = 0; delay < 25; delay++) {
      const first = store.write('t_trickle', big);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await Promise.all([first, store.write('t_trickle', [{ m: 'trickle', tags: {}, f: { n: 1 }, t: T0 }])]);
    }
    expect((await store.query('t_trickle', 'SELECT count(*) FROM trickle', QUERY)).rows).toEqual([[25 * 5001]]);
    await store.close();
  });

  it('stores strings of every length and alphabet', async () => {
    const store = createDuckDbStore({ dir: join(root, 'strings'), idleCloseMs: 60_000 });
    const texts = ['', 'a', 'twelve_bytes', 'thirteen_byte', 'ééééé_é', 'éééééé_é', '温度センサー', '🍭 emoji', 'x'.repeat(4096), 'tab\there', 'nul\u0000inside a long string', 'nul\u0000short'];
    const result = await store.write(
      't_strings',
      texts.map((text, i) => ({ m: 'labels', tags: { label: `label ${i} ${text.slice(0, 40)}` }, f: { text }, t: T0 + i })),
    );
    expect(result).toEqual({ written: texts.length, rejected: [] });
    const read = await store.query('t_strings', 'SELECT text, label FROM labels ORDER BY time', QUERY);
    expect(read.rows).toEqual(texts.map((text, i) => [text, `label ${i} ${text.slice(0, 40)}`]));
    await store.close();
  });

  it('refuses names that differ only in case from existing ones, as DuckDB folds case', async () => {
    const store = createDuckDbStore({ dir: join(root, 'case'), idleCloseMs: 60_000 });
    await store.write('t_case', [{ m: 'oven', tags: { machine: 'Oven1' }, f: { Temp: 1 }, t: T0 }]);
    const result = await store.write('t_case', [
      { m: 'oven', tags: { machine: 'Oven1' }, f: { temp: 2 }, t: T0 + 1 },
      { m: 'Oven', tags: {}, f: { x: 1 }, t: T0 + 2 },
      { m: 'oven', tags: { Machine: 'Oven1' }, f: { Temp: 3 }, t: T0 + 3 },
      { m: 'oven', tags: { Temp: 'x' }, f: { y: 1 }, t: T0 + 4 },
      { m: 'oven', tags: {}, f: { machine: 5 }, t: T0 + 5 },
    ]);
    expect(result.written).toBe(0);
    expect(result.rejected.map((rejection) => rejection.reason)).toEqual([
      'field "temp" clashes with "Temp" in oven: tag and field names are not case-sensitive here',
      'measurement "Oven" clashes with "oven": measurement names are not case-sensitive here',
      'tag "Machine" clashes with "machine" in oven: tag and field names are not case-sensitive here',
      '"Temp" is a field of oven, not a tag',
      '"machine" is a tag of oven, not a field',
    ]);
    await store.close();
  });

  it('returns JSON-safe values for the types queries produce', async () => {
    const store = createDuckDbStore({ dir: join(root, 'types'), idleCloseMs: 60_000 });
    const read = await store.query(
      't_types',
      `SELECT 9007199254740993::BIGINT AS big, 42::HUGEINT AS huge, 1.25::DECIMAL(5, 2) AS dec,
              TIMESTAMP '2024-01-01 00:00:00.123456' AS micros, TIMESTAMPTZ '2024-01-01 10:00:00+00' AS tz,
              DATE '2024-02-29' AS day, [1, 2] AS list, {'a': 1} AS struct, INTERVAL 90 MINUTE AS span,
              TIMESTAMP '2025-01-01 12:00:00' = TIMESTAMPTZ '2025-01-01 12:00:00+00' AS stored_times_are_utc`,
      QUERY,
    );
    expect(read.rows).toEqual([
      ['9007199254740993', 42, 1.25, '2024-01-01T00:00:00.123456Z', '2024-01-01T10:00:00.000Z', '2024-02-29', [1, 2], { a: 1 }, { months: 0, days: 0, micros: '5400000000' }, true],
    ]);
    expect(read.columns.map((column) => column.type)).toEqual(['number', 'number', 'number', 'timestamp', 'timestamp', 'other', 'other', 'other', 'other', 'boolean']);
    await store.close();
  });

  it('runs the README examples', async () => {
    const store = createDuckDbStore({ dir: join(root, 'readme'), idleCloseMs: 60_000 });
    await store.write(
      't_readme',
      Array.from({ length: 240 }, (_, i) => ({ m: 'oven', tags: { site: 'plant_1', machine: i % 2 === 0 ? 'Oven2' : 'Oven1' }, f: { ZoneTemperature1: 150 + (i % 60) }, t: T0 + i * 1000 })),
    );
    const average = await store.query(
      't_readme',
      `SELECT time_bucket(INTERVAL '1 minute', time) AS minute, avg("ZoneTemperature1") AS avg_temp
       FROM oven WHERE machine = 'Oven2' AND time >= TIMESTAMP '2025-01-01 00:00:00'
       GROUP BY minute ORDER BY minute`,
      QUERY,
    );
    expect(average.rows).toEqual([
      ['2025-01-01T00:00:00.000Z', 179],
      ['2025-01-01T00:01:00.000Z', 179],
      ['2025-01-01T00:02:00.000Z', 179],
      ['2025-01-01T00:03:00.000Z', 179],
    ]);
    const lastpoint = await store.query(
      't_readme',
      `SELECT machine, max(time) AS time, arg_max("ZoneTemperature1", time) AS "ZoneTemperature1" FROM oven GROUP BY machine ORDER BY machine`,
      QUERY,
    );
    expect(lastpoint.rows).toEqual([
      ['Oven1', '2025-01-01T00:03:59.000Z', 209],
      ['Oven2', '2025-01-01T00:03:58.000Z', 208],
    ]);
    const grouped = await store.query('t_readme', 'SELECT site, machine, count(*) AS points FROM oven GROUP BY ALL ORDER BY machine', QUERY);
    expect(grouped.rows).toEqual([
      ['plant_1', 'Oven1', 120],
      ['plant_1', 'Oven2', 120],
    ]);
    await store.close();
  });
});

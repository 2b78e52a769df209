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
    const child = spawnSync(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', fileURLToPath(new URL('./support/write-then-crash.ts', import.meta.url)), dir, 't_crash'], {
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

describe('DuckDB store: exactly-once batches', () => {
  const point = (n: number) => ({ m: 'batched', tags: { line: 'l1' }, f: { n }, t: T0 + n });

  it('stores a numbered batch once: the same key again writes nothing and says duplicate', async () => {
    const store = createDuckDbStore({ dir: join(root, 'dedupe'), idleCloseMs: 60_000 });
    const batch = { source: 'agent:ag_one', seq: 1 };
    expect(await store.write('t_dedupe', [point(1), point(2)], { batch })).toEqual({ written: 2, rejected: [] });
    expect(await store.write('t_dedupe', [point(1), point(2)], { batch })).toEqual({ written: 0, rejected: [], duplicate: true });
    // Another seq, or the same seq from another source, is another batch.
    expect(await store.write('t_dedupe', [point(3)], { batch: { source: 'agent:ag_one', seq: 2 } })).toEqual({ written: 1, rejected: [] });
    expect(await store.write('t_dedupe', [point(4)], { batch: { source: 'agent:ag_two', seq: 1 } })).toEqual({ written: 1, rejected: [] });
    // Without a key nothing is deduplicated.
    expect(await store.write('t_dedupe', [point(1)])).toEqual({ written: 1, rejected: [] });
    expect((await store.query('t_dedupe', 'SELECT count(*), sum(n) FROM batched', QUERY)).rows).toEqual([[5, 11]]);
    // The ledger is not a measurement.
    expect((await store.catalog('t_dedupe')).measurements.map((m) => m.name)).toEqual(['batched']);
    await expectRefusal(store.query('t_dedupe', 'SELECT * FROM _facilflow.ingested_batches', QUERY), 'INVALID', /schema _facilflow is not allowed/);
    await store.close();
  });

  it('records a batch whose points were all refused, so its redelivery is a duplicate too', async () => {
    const store = createDuckDbStore({ dir: join(root, 'dedupe-refused'), idleCloseMs: 60_000 });
    await store.write('t_refused', [{ m: 'typed', tags: {}, f: { v: 1 }, t: T0 }]);
    const batch = { source: 'agent:ag_x', seq: 9 };
    const first = await store.write('t_refused', [{ m: 'typed', tags: {}, f: { v: 'text' }, t: T0 + 1 }], { batch });
    expect(first).toMatchObject({ written: 0, rejected: [{ index: 0 }] });
    expect(await store.write('t_refused', [{ m: 'typed', tags: {}, f: { v: 'text' }, t: T0 + 1 }], { batch })).toEqual({ written: 0, rejected: [], duplicate: true });
    await store.close();
  });

  it('writes exactly one of many concurrent deliveries of a batch, whatever group each lands in', async () => {
    const store = createDuckDbStore({ dir: join(root, 'dedupe-race'), idleCloseMs: 60_000 });
    const big = Array.from({ length: 3000 }, (_, i) => point(i));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.write('t_race', i % 3 === 0 ? big : [point(i)], { batch: { source: 'agent:ag_race', seq: i % 5 } })),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(5);
    expect(results.filter((result) => result.duplicate).every((result) => result.written === 0)).toBe(true);
    const written = results.reduce((sum, result) => sum + result.written, 0);
    expect((await store.query('t_race', 'SELECT count(*) FROM batched', QUERY)).rows).toEqual([[written]]);
    await store.close();
  });

  it('keeps keys across reopening, and prunes those far below the newest of their source', async () => {
    const dir = join(root, 'dedupe-window');
    let store = createDuckDbStore({ dir, idleCloseMs: 60_000, dedupeWindow: 4 });
    for (let seq = 0; seq < 12; seq++) await store.write('t_window', [point(seq)], { batch: { source: 'agent:ag_w', seq } });
    await store.close();
    store = createDuckDbStore({ dir, idleCloseMs: 60_000, dedupeWindow: 4 });
    // Within the window: still a duplicate after reopening.
    expect(await store.write('t_window', [point(11)], { batch: { source: 'agent:ag_w', seq: 11 } })).toMatchObject({ duplicate: true });
    expect(await store.write('t_window', [point(8)], { batch: { source: 'agent:ag_w', seq: 8 } })).toMatchObject({ duplicate: true });
    // Seq 0..2 were pruned when the source went over twice the window (9 keys, cutoff 8 - 4 = 4): a sender
    // never redelivers that far behind, and a sender that starts counting again is not silenced.
    expect(await store.write('t_window', [point(0)], { batch: { source: 'agent:ag_w', seq: 0 } })).toEqual({ written: 1, rejected: [] });
    await store.close();
  });

  it('refuses a malformed batch key', async () => {
    const store = createDuckDbStore({ dir: join(root, 'dedupe-bad'), idleCloseMs: 60_000 });
    await expectRefusal(store.write('t_bad', [point(1)], { batch: { source: '', seq: 1 } }), 'INVALID', /batch source/);
    await expectRefusal(store.write('t_bad', [point(1)], { batch: { source: 'a', seq: -1 } }), 'INVALID', /batch seq/);
    await expectRefusal(store.write('t_bad', [point(1)], { batch: { source: 'a', seq: 1.5 } }), 'INVALID', /batch seq/);
    await store.close();
  });

  it('has recorded the key durably with the points: after a SIGKILL the batch is a duplicate', async () => {
    const dir = join(root, 'dedupe-crash');
    const child = spawnSync(process.execPath, ['--conditions=facilflow-source', '--import', 'tsx', fileURLToPath(new URL('./support/write-then-crash.ts', import.meta.url)), dir, 't_dcrash', 'agent:ag_crash:7'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(JSON.parse(child.stdout)).toEqual({ written: 1000, rejected: [] });
    const store = createDuckDbStore({ dir, idleCloseMs: 60_000 });
    const again = await store.write('t_dcrash', [{ m: 'durable', tags: {}, f: { n: 1 }, t: T0 }], { batch: { source: 'agent:ag_crash', seq: 7 } });
    expect(again).toEqual({ written: 0, rejected: [], duplicate: true });
    expect((await store.query('t_dcrash', 'SELECT count(*) FROM durable', QUERY)).rows).toEqual([[1000]]);
    await store.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryPoint } from '@facilflow/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbStore, type TimeSeriesStore } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'ff-timeseries-compaction-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const QUERY = { maxRows: 1_000_000, timeoutMs: 60_000 };
const WINDOW_MS = 60_000;
const T0 = Date.UTC(2025, 0, 1);
const HOSTS = 20;

/** One row per host every second, hosts interleaved as they arrive from a plant. */
function second(step: number): TelemetryPoint[] {
  return Array.from({ length: HOSTS }, (_, host) => ({ m: 'cpu', tags: { hostname: `host_${host}`, rack: `r${host % 3}` }, f: { v: step * HOSTS + host }, t: T0 + step * 1000 }));
}

async function rowsOf(store: TimeSeriesStore, tenant: string): Promise<unknown[][]> {
  return (await store.query(tenant, 'SELECT hostname, epoch_ms(time), v FROM cpu ORDER BY hostname, time, v', QUERY)).rows;
}

function expectedRows(points: TelemetryPoint[]): unknown[][] {
  return points
    .map((point) => [point.tags.hostname, point.t, point.f.v])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : (a[1] as number) - (b[1] as number) || (a[2] as number) - (b[2] as number)));
}

describe('DuckDB store: compaction', () => {
  it('sorts closed windows by series and time, losing and duplicating no row while writes and reads go on', async () => {
    const store = createDuckDbStore({ dir: join(root, 'concurrent'), idleCloseMs: 60_000, compactionWindowMs: WINDOW_MS });
    const tenant = 't_compact';
    const written: TelemetryPoint[] = [];
    // Five minutes of data: four windows closed, the fifth still open.
    for (let step = 0; step < 300; step += 30) {
      const points = Array.from({ length: 30 }, (_, i) => second(step + i)).flat();
      await store.write(tenant, points);
      written.push(...points);
    }

    // Writes (new seconds and late points into windows being compacted) and reads, all during the compaction.
    let stopped = false;
    const counts: number[] = [];
    const reading = (async () => {
      while (!stopped) counts.push(Number((await store.query(tenant, 'SELECT count(*) FROM cpu', QUERY)).rows[0]![0]));
    })();
    const writing = (async () => {
      for (let step = 300; step < 330; step++) {
        const late = { m: 'cpu', tags: { hostname: 'host_late', rack: 'r0' }, f: { v: -step }, t: T0 + (step - 300) * 7000 };
        const points = [...second(step), late];
        await store.write(tenant, points);
        written.push(...points);
      }
    })();
    const summary = await store.compact!(tenant);
    await writing;
    stopped = true;
    await reading;

    // The writes started compactions of their own; compact() reports the windows sorted while it waited.
    expect(summary.windows).toBeGreaterThanOrEqual(0);
    // A read never saw a window twice or not at all: counts only grow, and never past what was written.
    expect(counts.length).toBeGreaterThan(0);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(Math.max(...counts)).toBeLessThanOrEqual(written.length);
    expect(await rowsOf(store, tenant)).toEqual(expectedRows(written));

    // Late points marked their windows for another pass; afterwards every closed window is in (series, time) order on disk.
    await store.compact!(tenant);
    const stored = await store.query(tenant, `SELECT hostname, rack, epoch_ms(time) FROM cpu WHERE time < TIMESTAMP '2025-01-01 00:04:00' ORDER BY rowid`, QUERY);
    const windowOf = (row: unknown[]) => Math.floor(((row[2] as number) - T0) / WINDOW_MS);
    const byWindow = [...stored.rows].sort((a, b) => windowOf(a) - windowOf(b));
    expect(stored.rows.map(windowOf)).toEqual(byWindow.map(windowOf));
    for (let i = 1; i < stored.rows.length; i++) {
      const [previous, row] = [stored.rows[i - 1]!, stored.rows[i]!];
      if (windowOf(previous) !== windowOf(row)) continue;
      expect(previous[0]! <= row[0]!, `rows ${i - 1} and ${i} in series order`).toBe(true);
      if (previous[0] === row[0]) expect(previous[2] as number).toBeLessThanOrEqual(row[2] as number);
    }
    expect(await rowsOf(store, tenant)).toEqual(expectedRows(written));
    await store.close();
  }, 300_000);

  it('visits only windows that hold rows, however far apart in time', async () => {
    const store = createDuckDbStore({ dir: join(root, 'sparse'), idleCloseMs: 60_000, compactionWindowMs: WINDOW_MS });
    // Two centuries apart: millions of empty windows between the two points.
    const points = [0, 200 * 365 * 86_400_000].map((t) => ({ m: 'sparse', tags: { machine: 'M1' }, f: { v: t }, t }));
    await store.write('t_sparse', points);
    expect(await store.compact!('t_sparse')).toMatchObject({ windows: expect.any(Number) as number, rows: 1 });
    expect((await store.query('t_sparse', 'SELECT count(*) FROM sparse', QUERY)).rows).toEqual([[2]]);
    await store.close();
  });

  it('remembers compacted windows across reopening and compacts in the background after writes', async () => {
    const dir = join(root, 'reopen');
    const tenant = 't_reopen';
    let store = createDuckDbStore({ dir, idleCloseMs: 60_000, compactionWindowMs: WINDOW_MS });
    const written = Array.from({ length: 200 }, (_, step) => second(step)).flat();
    await store.write(tenant, written);
    // The write started a compaction of its own; compact() waits for what it leaves.
    await store.compact!(tenant);
    await store.close();

    store = createDuckDbStore({ dir, idleCloseMs: 60_000, compactionWindowMs: WINDOW_MS });
    expect(await store.compact!(tenant)).toEqual({ windows: 0, rows: 0 });
    const late = { m: 'cpu', tags: { hostname: 'host_0', rack: 'r0' }, f: { v: -1 }, t: T0 + 500 };
    await store.write(tenant, [late]);
    await store.compact!(tenant);
    expect(await rowsOf(store, tenant)).toEqual(expectedRows([...written, late]));
    const windows = await store.query(tenant, 'SELECT count(*) FROM cpu WHERE time < TIMESTAMP \'2025-01-01 00:02:00\'', QUERY);
    expect(windows.rows).toEqual([[2 * 60 * HOSTS + 1]]);
    await store.close();
  }, 300_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbStore, StorageQuotaExceededError, type TimeSeriesStore } from '../src/index.ts';
import { expectRefusal } from './store.contract.ts';

const root = mkdtempSync(join(tmpdir(), 'ff-timeseries-bounds-'));
const stores: TimeSeriesStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  rmSync(root, { recursive: true, force: true });
});

function store(label: string, options: Omit<Parameters<typeof createDuckDbStore>[0], 'dir' | 'idleCloseMs'> = {}): TimeSeriesStore {
  const created = createDuckDbStore({ dir: join(root, label), idleCloseMs: 60_000, ...options });
  stores.push(created);
  return created;
}

/** Would count for minutes: only an interrupt ends it. */
const ENDLESS = 'SELECT count(*) AS n FROM range(10_000_000_000)';
const T0 = Date.UTC(2025, 0, 1);

describe('DuckDB query bounds', () => {
  it('stops a 200 MB result at the byte budget instead of returning it', async () => {
    const result = await store('bytes').query('t_bytes', "SELECT repeat('x', 1000000) AS s FROM range(200)", { maxRows: 1000, timeoutMs: 30_000 });
    expect(result).toMatchObject({ truncated: true, truncatedReason: 'bytes' });
    const bytes = Buffer.byteLength(JSON.stringify(result.rows));
    expect(bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    // Stopped at the budget, not before it: the next million-byte row is what did not fit.
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024 - 1_000_010);
    expect(result.rowCount).toBe(result.rows.length);
  });

  it('refuses a single cell larger than the whole budget, with the reason', async () => {
    const small = store('cell', { queryLimits: { maxResultBytes: 256 * 1024 } });
    const result = await small.query('t_cell', "SELECT 1 AS n, repeat('x', 1000000) AS s", { maxRows: 10, timeoutMs: 30_000 });
    expect(result).toMatchObject({ rows: [], rowCount: 0, truncated: true, truncatedReason: 'bytes' });
    expect(result.columns.map((column) => column.name)).toEqual(['n', 's']);
    await expect(small.query('t_cell', 'SELECT range AS n FROM range(3)', { maxRows: 10, timeoutMs: 30_000 })).resolves.toMatchObject({
      rows: [[0], [1], [2]],
      truncated: false,
    });
  });

  it('says when rows, not bytes, cut the result', async () => {
    const result = await store('rows').query('t_rows', 'SELECT range AS n FROM range(50)', { maxRows: 5, timeoutMs: 30_000 });
    expect(result).toMatchObject({ rowCount: 5, truncated: true, truncatedReason: 'rows' });
    const whole = await store('rows').query('t_rows', 'SELECT range AS n FROM range(5)', { maxRows: 5, timeoutMs: 30_000 });
    expect(whole.truncated).toBe(false);
    expect(whole.truncatedReason).toBeUndefined();
  });

  it('interrupts DuckDB at the time limit, and the tenant answers the next query', { timeout: 30_000 }, async () => {
    // One slot: the next query can only run once DuckDB has really stopped the endless one.
    const single = store('timeout', { queryLimits: { maxConcurrentQueries: 1 } });
    const error = await expectRefusal(single.query('t_timeout', ENDLESS, { maxRows: 10, timeoutMs: 500 }), 'INVALID', /500 ms time limit/);
    expect(error.details).toMatchObject({ limit: 'time', timeoutMs: 500 });
    await expect(single.query('t_timeout', 'SELECT 42 AS n', { maxRows: 10, timeoutMs: 10_000 })).resolves.toMatchObject({ rows: [[42]] });
  });

  it('interrupts a running query when the caller aborts', { timeout: 30_000 }, async () => {
    const single = store('abort', { queryLimits: { maxConcurrentQueries: 1 } });
    const caller = new AbortController();
    const running = single.query('t_abort', ENDLESS, { maxRows: 10, timeoutMs: 60_000, signal: caller.signal });
    setTimeout(() => caller.abort(), 300);
    await expectRefusal(running, 'UNAVAILABLE', /request was closed/);
    await expect(single.query('t_abort', 'SELECT 7 AS n', { maxRows: 10, timeoutMs: 10_000 })).resolves.toMatchObject({ rows: [[7]] });
  });

  it('refuses a query whose caller has already gone, without running it', async () => {
    const caller = new AbortController();
    caller.abort();
    await expectRefusal(store('gone').query('t_gone', 'SELECT 1', { maxRows: 10, timeoutMs: 10_000, signal: caller.signal }), 'UNAVAILABLE', /request was closed/);
    await expectRefusal(store('gone').latest('t_gone', {}, { signal: caller.signal }), 'UNAVAILABLE', /request was closed/);
  });

  // Generous limits on the follow-up queries: they share the CPU with two endless ones.
  it('lets a tenant run a few queries at once, queues a few more and refuses the rest', { timeout: 90_000 }, async () => {
    const gated = store('concurrency', { queryLimits: { maxConcurrentQueries: 2, maxQueuedQueries: 1 } });
    const caller = new AbortController();
    const options = { maxRows: 10, timeoutMs: 60_000, signal: caller.signal };
    const held = [gated.query('t_busy', ENDLESS, options), gated.query('t_busy', ENDLESS, options), gated.query('t_busy', ENDLESS, options)];
    for (const query of held) query.catch(() => undefined);
    await expectRefusal(gated.query('t_busy', 'SELECT 1', options), 'UNAVAILABLE', /Too many concurrent queries.*limit is 2/);
    // Another tenant has slots of its own.
    await expect(gated.query('t_calm', 'SELECT 1 AS n', { maxRows: 10, timeoutMs: 30_000 })).resolves.toMatchObject({ rows: [[1]] });
    caller.abort();
    for (const query of held) await expectRefusal(query, 'UNAVAILABLE', /request was closed/);
    await expect(gated.query('t_busy', 'SELECT 2 AS n', { maxRows: 10, timeoutMs: 30_000 })).resolves.toMatchObject({ rows: [[2]] });
  });

  it('counts time waiting for a slot against the time limit', { timeout: 30_000 }, async () => {
    const single = store('waiting', { queryLimits: { maxConcurrentQueries: 1 } });
    const caller = new AbortController();
    const holder = single.query('t_wait', ENDLESS, { maxRows: 10, timeoutMs: 60_000, signal: caller.signal });
    holder.catch(() => undefined);
    await expectRefusal(single.query('t_wait', 'SELECT 1', { maxRows: 10, timeoutMs: 300 }), 'INVALID', /300 ms time limit/);
    caller.abort();
    await expect(holder).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('DuckDB storage quota', () => {
  it('refuses a write that would take the tenant past its quota, with a typed error, and keeps what it had', async () => {
    const quota = store('quota', { maxTenantBytes: 4 * 1024 * 1024 });
    const small = await quota.write('t_quota', [{ m: 'm', tags: {}, f: { v: 1 }, t: T0 }]);
    expect(small).toMatchObject({ written: 1, rejected: [] });
    const big = Array.from({ length: 5000 }, (_, i) => ({ m: 'm', tags: { machine: 'Oven1' }, f: { note: 'x'.repeat(1000) }, t: T0 + i + 1 }));
    const refused = await quota.write('t_quota', big).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(StorageQuotaExceededError);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', tenantId: 't_quota', limitBytes: 4 * 1024 * 1024 });
    expect((refused as Error).message).toMatch(/tenant storage quota exceeded/);
    const count = await quota.query('t_quota', 'SELECT count(*) AS n FROM m', { maxRows: 1, timeoutMs: 10_000 });
    expect(count.rows).toEqual([[1]]);
  });

  it('refuses once what is stored has filled the quota', async () => {
    const quota = store('filled', { maxTenantBytes: 2 * 1024 * 1024 });
    const batch = (from: number) => Array.from({ length: 500 }, (_, i) => ({ m: 'm', tags: {}, f: { note: `${from + i}`.padEnd(1000, 'y') }, t: T0 + from + i }));
    let accepted = 0;
    let refusal: unknown;
    for (let round = 0; round < 20 && refusal === undefined; round++) {
      await quota.write('t_filled', batch(round * 500)).then(
        () => accepted++,
        (error: unknown) => (refusal = error),
      );
    }
    expect(refusal).toBeInstanceOf(StorageQuotaExceededError);
    expect(accepted).toBeGreaterThan(0);
    // Another tenant of the same store has its own quota.
    await expect(quota.write('t_other', batch(0))).resolves.toMatchObject({ written: 500 });
  });
});

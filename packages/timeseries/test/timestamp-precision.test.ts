import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbStore, parseLineProtocol } from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'ff-precision-'));
const store = createDuckDbStore({ dir: root, idleCloseMs: 60_000 });
afterAll(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('timestamps finer than a millisecond', () => {
  it('keeps line protocol nanoseconds to the microsecond in the DuckDB store (the nanoseconds below are dropped)', async () => {
    const { points } = parseLineProtocol(['m v=1 1556813561098765432', 'm v=2 1556813561098765999', 'm v=3 1556813561098766001'].join('\n'));
    expect(await store.write('t_precision', points)).toMatchObject({ written: 3 });
    const read = await store.query('t_precision', 'SELECT time, v FROM m ORDER BY time, v', { maxRows: 10, timeoutMs: 10_000 });
    expect(read.rows).toEqual([
      ['2019-05-02T16:12:41.098765Z', 1],
      ['2019-05-02T16:12:41.098765Z', 2],
      ['2019-05-02T16:12:41.098766Z', 3],
    ]);
  });

  it('keeps an OPC UA-style source time given as milliseconds with decimals', async () => {
    const t = Date.UTC(2025, 0, 1) + 0.1234;
    await store.write('t_precision', [{ m: 'opc', tags: {}, f: { v: 1 }, t }]);
    const read = await store.query('t_precision', 'SELECT time FROM opc', { maxRows: 1, timeoutMs: 10_000 });
    expect(read.rows).toEqual([['2025-01-01T00:00:00.000123Z']]);
  });
});

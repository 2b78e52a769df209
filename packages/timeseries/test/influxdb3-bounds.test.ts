import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfluxDb3Store, type TimeSeriesStore } from '../src/index.ts';
import { expectRefusal } from './store.contract.ts';
import { startInfluxDb3StandIn, type InfluxDb3StandIn } from './support/influxdb3-stand-in.ts';

const BUDGET = 1024 * 1024;

describe('InfluxDB 3 store query bounds (stand-in endpoint)', () => {
  let server: InfluxDb3StandIn;
  let store: TimeSeriesStore;

  beforeAll(async () => {
    server = await startInfluxDb3StandIn();
    store = createInfluxDb3Store({ host: server.url, token: 'secret-token', databasePrefix: 'ff_', queryLimits: { maxResultBytes: BUDGET, maxConcurrentQueries: 1, maxQueuedQueries: 0 } });
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it('stops reading record batches at the byte budget', async () => {
    const rows = 50;
    server.replyToQuery = () => ({
      table: new Table({
        n: vectorFromArray(Array.from({ length: rows }, (_, i) => i), new Float64()),
        s: vectorFromArray(Array.from({ length: rows }, () => 'x'.repeat(50_000)), new Utf8()),
      }),
    });
    const result = await store.query('t_alpha', 'SELECT n, s FROM big', { maxRows: 1000, timeoutMs: 10_000 });
    expect(result).toMatchObject({ truncated: true, truncatedReason: 'bytes' });
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.rows.length).toBeLessThan(rows);
    expect(Buffer.byteLength(JSON.stringify(result.rows))).toBeLessThanOrEqual(BUDGET);
    expect(result.columns.map((column) => [column.name, column.type])).toEqual([
      ['n', 'number'],
      ['s', 'string'],
    ]);
  });

  it('gives up on a query its caller aborted, and frees the slot for the next one', { timeout: 20_000 }, async () => {
    server.replyToQuery = () => ({ table: new Table({ n: vectorFromArray([1], new Float64()) }), delayMs: 1_500 });
    const caller = new AbortController();
    const running = store.query('t_alpha', 'SELECT 1 AS n', { maxRows: 10, timeoutMs: 10_000, signal: caller.signal });
    // The only slot is taken and nothing may queue.
    await expectRefusal(store.query('t_alpha', 'SELECT 2 AS n', { maxRows: 10, timeoutMs: 10_000 }), 'UNAVAILABLE', /Too many concurrent queries/);
    caller.abort();
    await expectRefusal(running, 'UNAVAILABLE', /request was closed/);
    server.replyToQuery = () => ({ table: new Table({ n: vectorFromArray([3], new Float64()) }) });
    await expect.poll(() => store.query('t_alpha', 'SELECT 3 AS n', { maxRows: 10, timeoutMs: 10_000 }).then((r) => r.rows, () => 'busy'), { timeout: 10_000 }).toEqual([[3]]);
  });
});

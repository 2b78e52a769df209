import type { TelemetryPoint } from '@facilflow/contracts';
import { Bool, Float64, Int64, Table, TimestampNanosecond, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInfluxDb3Store, encodeLineProtocol, type TimeSeriesStore } from '../src/index.ts';
import { expectRefusal, timeSeriesStoreContract } from './store.contract.ts';
import { startInfluxDb3StandIn, type InfluxDb3StandIn } from './support/influxdb3-stand-in.ts';

const T0 = Date.UTC(2025, 0, 1, 8);
const QUERY = { maxRows: 10, timeoutMs: 5_000 };

function table(columns: Record<string, { type: Float64 | Int64 | Utf8 | Bool | TimestampNanosecond; values: unknown[] }>): Table {
  return new Table(Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, vectorFromArray(column.values, column.type)])));
}

describe('InfluxDB 3 store against a stand-in InfluxDB 3 endpoint', () => {
  let server: InfluxDb3StandIn;
  let store: TimeSeriesStore;

  beforeAll(async () => {
    server = await startInfluxDb3StandIn();
    store = createInfluxDb3Store({ host: server.url, token: 'secret-token', databasePrefix: 'ff_' });
  });
  afterEach(() => {
    server.writes.length = 0;
    server.queries.length = 0;
    server.replyToWrite = () => ({ status: 204 });
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it("writes line protocol in microseconds to the tenant's own database with the token", async () => {
    const points: TelemetryPoint[] = [
      { m: 'oven', tags: { site: 'plant 1', machine: 'Oven2' }, f: { ZoneTemperature1: 180.5, running: true, status: 'say "hi"' }, t: T0 },
      { m: 'oven', tags: { site: 'plant 1', machine: 'Oven2' }, f: { ZoneTemperature1: 181 }, t: T0 + 1000 },
    ];
    expect(await store.write('t_alpha', points)).toEqual({ written: 2, rejected: [] });
    expect(server.writes).toHaveLength(1);
    const [write] = server.writes;
    expect(write!.url).toBe('/api/v2/write?bucket=ff_t_alpha&precision=us');
    expect(write!.headers.authorization).toBe('Token secret-token');
    expect(write!.body).toBe(encodeLineProtocol(points.map((point) => ({ ...point, t: point.t * 1000 }))));
    expect(write!.body).toBe(
      `oven,machine=Oven2,site=plant\\ 1 ZoneTemperature1=180.5,running=true,status="say \\"hi\\"" ${T0 * 1000}\n` +
        `oven,machine=Oven2,site=plant\\ 1 ZoneTemperature1=181 ${(T0 + 1000) * 1000}`,
    );
    await store.write('t_beta', [points[0]!]);
    expect(server.writes[1]!.url).toBe('/api/v2/write?bucket=ff_t_beta&precision=us');
  });

  it('maps the lines InfluxDB refuses back to the caller\'s points, next to those refused before sending', async () => {
    server.replyToWrite = () => ({
      status: 400,
      body: {
        error: 'partial write of line protocol occurred',
        data: [{ original_line: 'oven v="x"', line_number: 2, error_message: "invalid column type for column 'v', expected iox::column_type::field::float, got iox::column_type::field::string" }],
      },
    });
    const result = await store.write('t_alpha', [
      { m: 'oven', tags: {}, f: { v: 1 }, t: T0 },
      { m: 'oven', tags: {}, f: { v: Number.NaN }, t: T0 },
      { m: 'oven', tags: {}, f: { v: 'x' }, t: T0 },
      { m: 'oven', tags: { note: 'multi\nline' }, f: { v: 2 }, t: T0 },
    ]);
    expect(server.writes[0]!.body.split('\n')).toEqual([`oven v=1 ${T0 * 1000}`, `oven v="x" ${T0 * 1000}`]);
    expect(result).toEqual({
      written: 1,
      rejected: [
        { index: 1, reason: 'field "v" is not a finite number' },
        { index: 2, reason: "invalid column type for column 'v', expected iox::column_type::field::float, got iox::column_type::field::string" },
        { index: 3, reason: 'tag note contains a newline, which line protocol cannot carry' },
      ],
    });
  });

  it('rejects every point of a body InfluxDB refuses as a whole, and fails on anything but a refusal', async () => {
    server.replyToWrite = () => ({ status: 400, body: { error: 'invalid database name' } });
    const points: TelemetryPoint[] = [{ m: 'm', tags: {}, f: { v: 1 }, t: T0 }, { m: 'm', tags: {}, f: { v: 2 }, t: T0 }];
    expect(await store.write('t_alpha', points)).toEqual({
      written: 0,
      rejected: [{ index: 0, reason: 'invalid database name' }, { index: 1, reason: 'invalid database name' }],
    });
    server.replyToWrite = () => ({ status: 503, body: { error: 'busy' } });
    await expectRefusal(store.write('t_alpha', points), 'UNAVAILABLE', /InfluxDB write failed/);
    await expectRefusal(store.write('../t_alpha', points), 'INVALID', /Tenant id/);
  });

  it('queries through Flight with the guard, the row limit, parameters and the bearer token', async () => {
    server.replyToQuery = () => ({
      table: table({
        time: { type: new TimestampNanosecond(), values: [T0, T0 + 1000, T0 + 2000] },
        machine: { type: new Utf8(), values: ['Oven2', 'Oven2', 'Oven2'] },
        ZoneTemperature1: { type: new Float64(), values: [180.5, 181, 182] },
        count: { type: new Int64(), values: [1n, 9007199254740993n, 3n] },
        running: { type: new Bool(), values: [true, null, false] },
      }),
    });
    const result = await store.query('t_alpha', 'SELECT time, machine, "ZoneTemperature1", count, running FROM oven WHERE machine = $machine', {
      maxRows: 2,
      timeoutMs: 5_000,
      params: { machine: 'Oven2' },
    });
    expect(server.queries).toHaveLength(1);
    const [query] = server.queries;
    expect(query!.path).toBe('/arrow.flight.protocol.FlightService/DoGet');
    expect(query!.headers.authorization).toBe('Bearer secret-token');
    expect(query!.ticket).toEqual({
      database: 'ff_t_alpha',
      sql_query: 'SELECT * FROM (\nSELECT time, machine, "ZoneTemperature1", count, running FROM oven WHERE machine = $machine\n) AS ff_result LIMIT 3',
      query_type: 'sql',
      params: { machine: 'Oven2' },
    });
    expect(result.columns.map((column) => [column.name, column.type])).toEqual([
      ['time', 'timestamp'],
      ['machine', 'string'],
      ['ZoneTemperature1', 'number'],
      ['count', 'number'],
      ['running', 'boolean'],
    ]);
    expect(result.rows).toEqual([
      [new Date(T0).toISOString(), 'Oven2', 180.5, 1, true],
      [new Date(T0 + 1000).toISOString(), 'Oven2', 181, '9007199254740993', null],
    ]);
    expect(result).toMatchObject({ rowCount: 2, truncated: true });
  });

  it('refuses a query before sending it when the guard does', async () => {
    await expectRefusal(store.query('t_alpha', 'DROP TABLE oven', QUERY), 'INVALID', /DROP statements are not allowed/);
    expect(server.queries).toHaveLength(0);
  });

  it('reports a query that runs past its time limit, and server-side SQL errors', async () => {
    server.replyToQuery = () => ({ table: table({ n: { type: new Float64(), values: [1] } }), delayMs: 2_000 });
    await expectRefusal(store.query('t_alpha', 'SELECT 1 AS n', { maxRows: 10, timeoutMs: 200 }), 'INVALID', /200 ms time limit/);
    server.replyToQuery = () => ({ grpcStatus: 3, message: "Error during planning: table 'iox.secret' not found" });
    await expectRefusal(store.query('t_alpha', 'SELECT * FROM secret', QUERY), 'INVALID', /table 'iox.secret' not found/);
  });

  it('builds the catalog from information_schema and one aggregate query per measurement', async () => {
    server.replyToQuery = ({ ticket }) => {
      if (ticket.sql_query.includes('information_schema.columns')) {
        return {
          table: table({
            table_name: { type: new Utf8(), values: ['oven', 'oven', 'oven', 'oven', 'oven'] },
            column_name: { type: new Utf8(), values: ['machine', 'ZoneTemperature1', 'running', 'status', 'time'] },
            data_type: { type: new Utf8(), values: ['Dictionary(Int32, Utf8)', 'Float64', 'Boolean', 'Utf8', 'Timestamp(Nanosecond, None)'] },
          }),
        };
      }
      return {
        table: table({
          points: { type: new Int64(), values: [3n] },
          first_time: { type: new TimestampNanosecond(), values: [T0] },
          last_time: { type: new TimestampNanosecond(), values: [T0 + 9000] },
          d0: { type: new Int64(), values: [1001n] },
        }),
      };
    };
    expect(await store.catalog('t_alpha')).toEqual({
      measurements: [
        {
          name: 'oven',
          tags: [{ name: 'machine', distinctValues: 1000, distinctValuesCapped: true }],
          fields: [
            { name: 'ZoneTemperature1', type: 'number' },
            { name: 'running', type: 'boolean' },
            { name: 'status', type: 'string' },
          ],
          firstTime: new Date(T0).toISOString(),
          lastTime: new Date(T0 + 9000).toISOString(),
          pointCount: 3,
        },
      ],
    });
    expect(server.queries.map((query) => query.ticket.database)).toEqual(['ff_t_alpha', 'ff_t_alpha']);
    expect(server.queries[1]!.ticket.sql_query).toContain(
      'SELECT count(*) AS points, min(time) AS first_time, max(time) AS last_time, (SELECT count(*) FROM (SELECT DISTINCT "machine" FROM "oven" WHERE "machine" IS NOT NULL LIMIT 1001)) AS d0 FROM "oven"',
    );
  });

  it('reads an unknown database as an empty catalog', async () => {
    server.replyToQuery = () => ({ grpcStatus: 5, message: 'database not found: ff_t_new' });
    expect(await store.catalog('t_new')).toEqual({ measurements: [] });
  });

  it('computes latest values with last_value per series and field', async () => {
    server.replyToQuery = ({ ticket }) => {
      if (ticket.sql_query.includes('information_schema.columns')) {
        return {
          table: table({
            table_name: { type: new Utf8(), values: ['oven', 'oven', 'oven', 'oven'] },
            column_name: { type: new Utf8(), values: ['machine', 'temp', 'status', 'time'] },
            data_type: { type: new Utf8(), values: ['Dictionary(Int32, Utf8)', 'Float64', 'Utf8', 'Timestamp(Nanosecond, None)'] },
          }),
        };
      }
      return {
        table: table({
          g0: { type: new Utf8(), values: ['Oven1'] },
          t0: { type: new TimestampNanosecond(), values: [T0 + 2000] },
          v0: { type: new Float64(), values: [172] },
          t1: { type: new TimestampNanosecond(), values: [null] },
          v1: { type: new Utf8(), values: [null] },
        }),
      };
    };
    expect(await store.latest('t_alpha', { where: { machine: 'Oven1' } })).toEqual([
      { measurement: 'oven', tags: { machine: 'Oven1' }, field: 'temp', value: 172, time: new Date(T0 + 2000).toISOString() },
    ]);
    expect(server.queries[1]!.ticket).toMatchObject({
      sql_query: expect.stringContaining(
        'SELECT "machine" AS g0, max(time) FILTER (WHERE "temp" IS NOT NULL) AS t0, last_value("temp" ORDER BY time) FILTER (WHERE "temp" IS NOT NULL) AS v0',
      ),
      params: { w0: 'Oven1' },
    });
    expect(server.queries[1]!.ticket.sql_query).toContain('WHERE "machine" = $w0 GROUP BY "machine"');
  });
});

const realUrl = process.env.FF_TEST_INFLUXDB3_URL;
const realToken = process.env.FF_TEST_INFLUXDB3_TOKEN;
if (realUrl && realToken) {
  const run = Date.now().toString(36);
  timeSeriesStoreContract({
    name: `InfluxDB 3 at ${realUrl}`,
    createStore: () => createInfluxDb3Store({ host: realUrl, token: realToken, databasePrefix: 'ff_test_' }),
    tenant: (label) => `${label}_${run}`,
  });
} else {
  // A skip, not a passing test: the run's summary counts it as skipped and names why.
  describe.skip('TimeSeriesStore contract: real InfluxDB 3 (skipped: set FF_TEST_INFLUXDB3_URL and FF_TEST_INFLUXDB3_TOKEN to run it)', () => {
    it('runs the TimeSeriesStore contract against a real InfluxDB 3', () => undefined);
  });
}

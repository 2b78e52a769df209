import { FacilFlowError, type TelemetryPoint } from '@facilflow/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LatestValue, TimeSeriesStore } from '../src/index.ts';

/**
 * The one contract every TimeSeriesStore honours, run against DuckDB here and against a
 * real InfluxDB 3 when one is configured. The SQL in it is the dialect both share:
 * mixed-case names are double-quoted (DataFusion folds unquoted names to lowercase).
 */
export interface ContractTarget {
  name: string;
  createStore(): TimeSeriesStore;
  /** A tenant id unique to this run (a real server keeps data between runs). */
  tenant(label: string): string;
}

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const QUERY = { maxRows: 1000, timeoutMs: 30_000 };

export async function expectRefusal(promise: Promise<unknown>, code: FacilFlowError['code'], message: RegExp): Promise<FacilFlowError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'expected the call to be refused').toBeInstanceOf(FacilFlowError);
  const refusal = error as FacilFlowError;
  expect(refusal.code).toBe(code);
  expect(refusal.message).toMatch(message);
  return refusal;
}

function ovenPoint(machine: string, offsetMs: number, fields: TelemetryPoint['f'], extraTags: Record<string, string> = {}): TelemetryPoint {
  return { m: 'oven', tags: { site: 'plant_1', machine, ...extraTags }, f: fields, t: T0 + offsetMs };
}

function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sortLatest(values: LatestValue[]): LatestValue[] {
  return [...values].sort((a, b) => `${JSON.stringify(a.tags)}/${a.field}`.localeCompare(`${JSON.stringify(b.tags)}/${b.field}`));
}

export function timeSeriesStoreContract(target: ContractTarget): void {
  describe(`TimeSeriesStore contract: ${target.name}`, () => {
    let store: TimeSeriesStore;
    beforeAll(() => {
      store = target.createStore();
    });
    afterAll(async () => {
      await store.close();
    });

    it('writes points and reads them back with their types', async () => {
      const tenant = target.tenant('roundtrip');
      const longSite = 'Usine de Saint-Étienne, hall 3';
      const result = await store.write(tenant, [
        ovenPoint('Oven2', 0, { ZoneTemperature1: 180.25, running: true, status: 'heating' }),
        ovenPoint('Oven2', 1000, { ZoneTemperature1: 181.5, running: false, status: 'a "quoted", comma=value\\path' }),
        { m: 'oven', tags: { site: longSite, machine: 'Oven9' }, f: { ZoneTemperature1: -3.5e-7 }, t: T0 + 2000 },
      ]);
      expect(result).toEqual({ written: 3, rejected: [] });

      const read = await store.query(tenant, 'SELECT time, site, machine, "ZoneTemperature1", running, status FROM oven ORDER BY time', QUERY);
      expect(read.columns.map((column) => [column.name, column.type])).toEqual([
        ['time', 'timestamp'],
        ['site', 'string'],
        ['machine', 'string'],
        ['ZoneTemperature1', 'number'],
        ['running', 'boolean'],
        ['status', 'string'],
      ]);
      expect(read.rows).toEqual([
        [new Date(T0).toISOString(), 'plant_1', 'Oven2', 180.25, true, 'heating'],
        [new Date(T0 + 1000).toISOString(), 'plant_1', 'Oven2', 181.5, false, 'a "quoted", comma=value\\path'],
        [new Date(T0 + 2000).toISOString(), longSite, 'Oven9', -3.5e-7, null, null],
      ]);
      expect(read).toMatchObject({ rowCount: 3, truncated: false });
      expect(read.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(JSON.parse(JSON.stringify(read.rows))).toEqual(read.rows);
    });

    it('binds $name parameters', async () => {
      const tenant = target.tenant('params');
      await store.write(tenant, [ovenPoint('Oven1', 0, { ZoneTemperature1: 170 }), ovenPoint('Oven2', 0, { ZoneTemperature1: 190 })]);
      const read = await store.query(tenant, 'SELECT machine, "ZoneTemperature1" FROM oven WHERE machine = $machine', {
        ...QUERY,
        params: { machine: 'Oven2' },
      });
      expect(read.rows).toEqual([['Oven2', 190]]);
    });

    it('adds tags and fields as they appear (schema evolution)', async () => {
      const tenant = target.tenant('evolution');
      await store.write(tenant, [ovenPoint('Oven1', 0, { ZoneTemperature1: 170 })]);
      const second = await store.write(tenant, [ovenPoint('Oven1', 1000, { ZoneTemperature1: 171, DoorOpen: true }, { line: 'L1' })]);
      expect(second).toEqual({ written: 1, rejected: [] });
      const read = await store.query(tenant, 'SELECT "ZoneTemperature1", "DoorOpen", line FROM oven ORDER BY time', QUERY);
      expect(read.rows).toEqual([
        [170, null, null],
        [171, true, 'L1'],
      ]);
    });

    it('refuses a point whose field type differs from its column, and only that point', async () => {
      const tenant = target.tenant('conflict');
      await store.write(tenant, [ovenPoint('Oven1', 0, { ZoneTemperature1: 170 })]);
      const result = await store.write(tenant, [
        ovenPoint('Oven1', 1000, { ZoneTemperature1: 171 }),
        ovenPoint('Oven1', 2000, { ZoneTemperature1: 'very hot' }),
        ovenPoint('Oven1', 3000, { ZoneTemperature1: 173 }),
      ]);
      expect(result.written).toBe(2);
      expect(result.rejected).toHaveLength(1);
      expect(result.rejected[0]!.index).toBe(1);
      expect(result.rejected[0]!.reason).toContain('ZoneTemperature1');
      const read = await store.query(tenant, 'SELECT "ZoneTemperature1" FROM oven ORDER BY time', QUERY);
      expect(read.rows).toEqual([[170], [171], [173]]);
    });

    it('refuses points it cannot store with a reason each', async () => {
      const tenant = target.tenant('invalid');
      const result = await store.write(tenant, [
        { m: 'bad name', tags: {}, f: { v: 1 }, t: T0 },
        { m: 'oven', tags: {}, f: { v: Number.NaN }, t: T0 },
        { m: 'oven', tags: {}, f: {}, t: T0 },
        { m: 'oven', tags: { time: 'x' }, f: { v: 1 }, t: T0 },
        { m: 'oven', tags: {}, f: { v: 1 }, t: -5 },
        { m: 'oven', tags: {}, f: { v: 2 }, t: T0 },
      ]);
      expect(result.written).toBe(1);
      expect(result.rejected.map((rejection) => rejection.index)).toEqual([0, 1, 2, 3, 4]);
      for (const rejection of result.rejected) expect(rejection.reason.length).toBeGreaterThan(10);
    });

    it("keeps tenants apart: a tenant's query never sees another tenant's tables, even by name", async () => {
      const tenantA = target.tenant('iso_a');
      const tenantB = target.tenant('iso_b');
      await store.write(tenantA, [{ m: 'secret_a', tags: {}, f: { v: 42 }, t: T0 }]);
      await store.write(tenantB, [{ m: 'visible_b', tags: {}, f: { v: 1 }, t: T0 }]);
      await expectRefusal(store.query(tenantB, 'SELECT * FROM secret_a', QUERY), 'INVALID', /secret_a/);
      await expectRefusal(store.query(tenantB, `SELECT * FROM ${tenantA}.main.secret_a`, QUERY), 'INVALID', /not allowed/);
      await expectRefusal(store.query(tenantB, `SELECT * FROM ${tenantA}.secret_a`, QUERY), 'INVALID', /.+/);
      expect((await store.catalog(tenantB)).measurements.map((m) => m.name)).toEqual(['visible_b']);
      expect(await store.latest(tenantB, { measurement: 'secret_a' })).toEqual([]);
      const own = await store.query(tenantA, 'SELECT v FROM secret_a', QUERY);
      expect(own.rows).toEqual([[42]]);
    });

    it('describes measurements in the catalog', async () => {
      const tenant = target.tenant('catalog');
      await store.write(tenant, [
        ovenPoint('Oven1', 0, { ZoneTemperature1: 170, running: true }),
        ovenPoint('Oven2', 5000, { ZoneTemperature1: 175, status: 'ok' }),
        ovenPoint('Oven2', 9000, { ZoneTemperature1: 176 }),
        { m: 'press', tags: { machine: 'Press1' }, f: { force: 12.5 }, t: T0 + 1000 },
      ]);
      const catalog = await store.catalog(tenant);
      const oven = catalog.measurements.find((m) => m.name === 'oven');
      expect(catalog.measurements.map((m) => m.name).sort()).toEqual(['oven', 'press']);
      expect(oven).toMatchObject({ pointCount: 3, firstTime: new Date(T0).toISOString(), lastTime: new Date(T0 + 9000).toISOString() });
      expect(byName(oven!.tags)).toEqual([
        { name: 'machine', distinctValues: 2, distinctValuesCapped: false },
        { name: 'site', distinctValues: 1, distinctValuesCapped: false },
      ]);
      expect(byName(oven!.fields)).toEqual([
        { name: 'ZoneTemperature1', type: 'number' },
        { name: 'running', type: 'boolean' },
        { name: 'status', type: 'string' },
      ]);
      expect(await store.catalog(target.tenant('catalog_empty'))).toEqual({ measurements: [] });
    });

    it('leaves a field NULL in the rows of a later write that does not carry it, whatever its type', async () => {
      const tenant = target.tenant('sparse');
      await store.write(tenant, [ovenPoint('Oven1', 0, { ZoneTemperature1: 170, BatchCount: 4, status: 'run', DoorOpen: true })]);
      // Like an OPC UA agent: every later point carries one field, and most carry none of these three.
      await store.write(tenant, [ovenPoint('Oven1', 1000, { ZoneTemperature1: 171 }), ovenPoint('Oven1', 2000, { ZoneTemperature1: 172 })]);
      const read = await store.query(tenant, 'SELECT "ZoneTemperature1", "BatchCount", status, "DoorOpen" FROM oven ORDER BY time', QUERY);
      expect(read.rows).toEqual([
        [170, 4, 'run', true],
        [171, null, null, null],
        [172, null, null, null],
      ]);
      expect(sortLatest(await store.latest(tenant, { measurement: 'oven' })).map((v) => [v.field, v.value])).toEqual(
        sortLatest([
          { measurement: 'oven', tags: {}, field: 'BatchCount', value: 4, time: '' },
          { measurement: 'oven', tags: {}, field: 'DoorOpen', value: true, time: '' },
          { measurement: 'oven', tags: {}, field: 'ZoneTemperature1', value: 172, time: '' },
          { measurement: 'oven', tags: {}, field: 'status', value: 'run', time: '' },
        ]).map((v) => [v.field, v.value]),
      );
    });

    it('returns the latest value of every field of every series', async () => {
      const tenant = target.tenant('latest');
      await store.write(tenant, [
        ovenPoint('Oven1', 0, { ZoneTemperature1: 170, status: 'start' }),
        ovenPoint('Oven1', 2000, { ZoneTemperature1: 172 }),
        ovenPoint('Oven1', 1000, { ZoneTemperature1: 171, status: 'run' }),
        ovenPoint('Oven2', 500, { ZoneTemperature1: 190 }),
        { m: 'press', tags: { machine: 'Press1' }, f: { force: 12.5 }, t: T0 },
      ]);
      const at = (ms: number) => new Date(T0 + ms).toISOString();
      const oven1 = { site: 'plant_1', machine: 'Oven1' };
      expect(sortLatest(await store.latest(tenant, { measurement: 'oven', where: { machine: 'Oven1' } }))).toEqual(
        sortLatest([
          { measurement: 'oven', tags: oven1, field: 'ZoneTemperature1', value: 172, time: at(2000) },
          { measurement: 'oven', tags: oven1, field: 'status', value: 'run', time: at(1000) },
        ]),
      );
      const all = await store.latest(tenant);
      expect(all).toHaveLength(4);
      expect(all).toContainEqual({ measurement: 'press', tags: { machine: 'Press1' }, field: 'force', value: 12.5, time: at(0) });
      expect(await store.latest(tenant, { where: { line: 'none' } })).toEqual([]);
    });

    it('stops at maxRows and says the result was truncated', async () => {
      const tenant = target.tenant('limit');
      await store.write(
        tenant,
        Array.from({ length: 50 }, (_, i) => ({ m: 'counter', tags: {}, f: { n: i }, t: T0 + i })),
      );
      const cut = await store.query(tenant, 'SELECT n FROM counter ORDER BY n', { maxRows: 10, timeoutMs: 30_000 });
      expect(cut).toMatchObject({ rowCount: 10, truncated: true });
      expect(cut.rows).toEqual(Array.from({ length: 10 }, (_, i) => [i]));
      const whole = await store.query(tenant, 'SELECT n FROM counter ORDER BY n', { maxRows: 50, timeoutMs: 30_000 });
      expect(whole).toMatchObject({ rowCount: 50, truncated: false });
    });

    it('cancels a query that runs past its time limit', async () => {
      const tenant = target.tenant('timeout');
      await store.write(
        tenant,
        Array.from({ length: 3000 }, (_, i) => ({ m: 'spin', tags: {}, f: { v: i }, t: T0 + i })),
      );
      // 3000^3 = 27 billion combinations: far beyond the limit on any machine.
      const heavy = 'SELECT count(*) FROM spin a, spin b, spin c WHERE a.v + b.v * c.v = -1';
      await expectRefusal(store.query(tenant, heavy, { maxRows: 10, timeoutMs: 300 }), 'INVALID', /300 ms time limit/);
      const after = await store.query(tenant, 'SELECT count(*) AS n FROM spin', QUERY);
      expect(after.rows).toEqual([[3000]]);
    });

    it('takes a big write (200,000 points) and reads back the right count and sum', async () => {
      const tenant = target.tenant('bulk');
      const total = 200_000;
      const batchSize = 10_000;
      const started = performance.now();
      const results = await Promise.all(
        Array.from({ length: total / batchSize }, (_, b) =>
          store.write(
            tenant,
            Array.from({ length: batchSize }, (_, i) => {
              const n = b * batchSize + i;
              return { m: 'cpu', tags: { host: `host_${n % 50}`, region: 'eu_west' }, f: { usage: n % 1000, idle: 100 - (n % 100), busy: n % 2 === 0 }, t: T0 + n };
            }),
          ),
        ),
      );
      const elapsed = performance.now() - started;
      console.log(`[${target.name}] wrote ${total} points in ${elapsed.toFixed(0)} ms (${Math.round((total / elapsed) * 1000)} points/s)`);
      expect(results.reduce((sum, result) => sum + result.written, 0)).toBe(total);
      expect(results.every((result) => result.rejected.length === 0)).toBe(true);
      const read = await store.query(tenant, 'SELECT count(*) AS n, sum(usage) AS total, count(DISTINCT host) AS hosts FROM cpu', QUERY);
      // usage cycles 0..999 two hundred times: 200 * 499500.
      expect(read.rows).toEqual([[total, 200 * 499_500, 50]]);
    });
  });
}

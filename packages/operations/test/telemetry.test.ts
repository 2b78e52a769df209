import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestPlatform;
let plant: TestTenant;
const start = Date.parse('2026-11-22T08:00:00Z');
const place = { enterprise: 'AcmeFoods', site: 'Riverside', area: 'Baking', line: 'Line1' };

beforeAll(async () => {
  t = await createTestPlatform();
  plant = await t.createTenant('Telemetry Plant');
  const points = [];
  // Two ovens, one sample a second for three minutes: Oven2 runs 10 °C hotter each minute.
  for (let s = 0; s < 180; s++) {
    const minute = Math.floor(s / 60);
    points.push({ m: 'oven', tags: { ...place, machine: 'Oven1' }, f: { ZoneTemperature1: 200 }, t: start + s * 1000 });
    points.push({ m: 'oven', tags: { ...place, machine: 'Oven2' }, f: { ZoneTemperature1: 210 + minute * 10 + (s % 2 ? 1 : -1) }, t: start + s * 1000 });
  }
  const written = await t.platform.services.timeseries.write(plant.tenantId, points);
  expect(written.rejected).toEqual([]);
  const agent = (await t.call(plant.ownerPrincipal, 'agents.enroll', { name: 'Baking gateway' })) as { agent: { id: string } };
  await t.call(plant.ownerPrincipal, 'dataSources.create', {
    agentId: agent.agent.id,
    name: 'Oven PLC',
    source: { id: 'oven_plc', kind: 'opcua', endpointUrl: 'opc.tcp://127.0.0.1:4840', tags: [{ nodeId: 'ns=1;s=Oven2.ZoneTemperature1', measurement: 'oven', field: 'ZoneTemperature1', tags: { ...place, machine: 'Oven2' } }] },
  });
});
afterAll(() => t?.close());

describe('telemetry operations', () => {
  it('answers a 1-minute average of Oven2 ZoneTemperature1 in SQL', async () => {
    const out = (await t.call(plant.ownerPrincipal, 'telemetry.query', {
      sql: "SELECT time_bucket(INTERVAL '1 minute', time) AS minute, avg(ZoneTemperature1) AS avg_temp FROM oven WHERE machine = $machine GROUP BY minute ORDER BY minute",
      params: { machine: 'Oven2' },
    })) as { dialect: string; columns: Array<{ name: string; type: string }>; rows: unknown[][] };
    expect(out.dialect).toBe('duckdb');
    expect(out.columns.map((c) => [c.name, c.type])).toEqual([['minute', 'timestamp'], ['avg_temp', 'number']]);
    expect(out.rows).toEqual([
      ['2026-11-22T08:00:00.000Z', 210],
      ['2026-11-22T08:01:00.000Z', 220],
      ['2026-11-22T08:02:00.000Z', 230],
    ]);
  });

  it('truncates at maxRows and refuses anything but a read', async () => {
    const out = (await t.call(plant.ownerPrincipal, 'telemetry.query', { sql: 'SELECT * FROM oven', maxRows: 5 })) as { rows: unknown[]; truncated: boolean };
    expect(out).toMatchObject({ truncated: true });
    expect(out.rows).toHaveLength(5);
    for (const sql of ['DELETE FROM oven', 'DROP TABLE oven', "SELECT * FROM read_csv('/etc/passwd')", "ATTACH 'x.duckdb'", 'SELECT 1; SELECT 2']) {
      await expect(t.call(plant.ownerPrincipal, 'telemetry.query', { sql })).rejects.toMatchObject({ code: 'INVALID' });
    }
  });

  it('explores the catalog with the asset hierarchy', async () => {
    const out = (await t.call(plant.ownerPrincipal, 'telemetry.exploreCatalog')) as {
      measurements: Array<{ name: string; pointCount: number; fields: Array<{ name: string }>; firstTime: string }>;
      assets: Array<{ level: string; name: string; children: unknown[] }>;
    };
    expect(out.measurements).toEqual([expect.objectContaining({ name: 'oven', pointCount: 360, firstTime: '2026-11-22T08:00:00.000Z' })]);
    expect(out.measurements[0]!.fields.map((f) => f.name)).toContain('ZoneTemperature1');
    expect(JSON.stringify(out.assets)).toBe(
      JSON.stringify([{ level: 'enterprise', name: 'AcmeFoods', children: [{ level: 'site', name: 'Riverside', children: [{ level: 'area', name: 'Baking', children: [{ level: 'line', name: 'Line1', children: [{ level: 'machine', name: 'Oven2', children: [] }] }] }] }] }]),
    );
  });

  it('returns the last value per series', async () => {
    const out = (await t.call(plant.ownerPrincipal, 'telemetry.latest', { measurement: 'oven', where: { machine: 'Oven2' } })) as {
      values: Array<{ field: string; value: number; time: string }>;
    };
    expect(out.values).toEqual([expect.objectContaining({ field: 'ZoneTemperature1', value: 231, time: '2026-11-22T08:02:59.000Z' })]);
  });
});

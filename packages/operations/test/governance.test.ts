import { schema } from '@facilflow/db';
import { createComponentServices, startGovernanceSweeps, sweepAuditRetention, sweepTelemetryRetention, type Services } from '@facilflow/core';
import { isFacilFlowError, type Principal } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
/** The test's clock: the sweeps count retention back from it. */
const NOW = new Date(Date.now());
const RECENT = NOW.getTime() - 2 * DAY;
const OLD = NOW.getTime() - 60 * DAY;

let t: TestPlatform;
let a: TestTenant;
let b: TestTenant;
let viewerA: Principal;
let adminA: Principal;

/** A destructive call as a person at the CLI makes it: the plan first, then the same call with its token. */
async function confirmed(principal: Principal, name: string, input: Record<string, unknown>): Promise<unknown> {
  const refusal = await t.call(principal, name, input, 'cli').then(
    () => {
      throw new Error(`${name} ran without asking for confirmation`);
    },
    (error: unknown) => error,
  );
  if (!isFacilFlowError(refusal) || refusal.code !== 'NEEDS_CONFIRMATION') throw refusal;
  return t.call(principal, name, { ...input, confirmationToken: refusal.details?.confirmationToken }, 'cli');
}

function ovenPoints(times: number[]) {
  return times.flatMap((time) => [
    { m: 'oven', tags: { machine: 'Oven1' }, f: { ZoneTemperature1: 200, Recipe: 4711 }, t: time },
    { m: 'oven', tags: { machine: 'Oven2' }, f: { ZoneTemperature1: 210, Recipe: 4712 }, t: time + 1 },
  ]);
}

beforeAll(async () => {
  t = await createTestPlatform();
  a = await t.createTenant('Governed Plant');
  b = await t.createTenant('Other Plant');
  viewerA = await t.memberPrincipal(a.tenantId, 'viewer');
  adminA = await t.memberPrincipal(a.tenantId, 'admin');
  for (const tenant of [a, b]) {
    const written = await t.platform.services.timeseries.write(tenant.tenantId, [
      ...ovenPoints([OLD, OLD + 1000, RECENT, RECENT + 1000]),
      { m: 'press', tags: { machine: 'Press1' }, f: { force: 12 }, t: OLD },
    ]);
    expect(written.rejected).toEqual([]);
  }
  await t.call(adminA, 'governance.setClassifications', {
    classifications: [{ measurement: 'oven', field: 'Recipe', label: 'confidential' }],
  });
});
afterAll(() => t?.close());

const columnsOf = (out: unknown) => (out as { columns: Array<{ name: string } | string> }).columns.map((column) => (typeof column === 'string' ? column : column.name));

describe('classification labels', () => {
  it('leave a confidential field out of a viewer\'s SQL result, and keep it in an admin\'s', async () => {
    const viewer = await t.call(viewerA, 'telemetry.query', { sql: 'SELECT * FROM oven ORDER BY time' });
    expect(columnsOf(viewer)).toEqual(['time', 'machine', 'ZoneTemperature1']);
    expect(viewer).toMatchObject({ withheld: [{ measurement: 'oven', field: 'Recipe', label: 'confidential', minRole: 'engineer' }] });
    const admin = await t.call(adminA, 'telemetry.query', { sql: 'SELECT * FROM oven ORDER BY time' });
    expect(columnsOf(admin)).toEqual(['time', 'machine', 'ZoneTemperature1', 'Recipe']);
    expect(admin).not.toHaveProperty('withheld');
  });

  it('refuse a viewer\'s query naming the field, with its classification', async () => {
    await expect(t.call(viewerA, 'telemetry.query', { sql: 'SELECT max(Recipe) FROM oven' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/oven\.Recipe is classified confidential \(engineer or above/),
    });
    await expect(t.call(viewerA, 'telemetry.query', { sql: 'SELECT * FROM main.oven' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = (await t.call(adminA, 'telemetry.query', { sql: 'SELECT max(Recipe) AS r FROM oven' })) as { rows: unknown[][] };
    expect(admin.rows).toEqual([[4712]]);
  });

  it('leave the field out of a viewer\'s export file, and keep it in an admin\'s', async () => {
    const sql = 'SELECT * FROM oven ORDER BY time';
    const viewer = (await t.call(viewerA, 'exports.telemetry', { sql, format: 'csv' })) as { key: string; content: string; rows: number };
    expect(viewer.content.split('\r\n')[0]).toBe('time,machine,ZoneTemperature1');
    expect(viewer.content).not.toContain('4711');
    const stored = await t.platform.services.objects.get(a.tenantId, viewer.key);
    expect(new TextDecoder().decode(stored!.bytes)).toBe(viewer.content);
    const admin = (await t.call(adminA, 'exports.telemetry', { sql, format: 'jsonl' })) as { content: string; rows: number };
    expect(admin.rows).toBe(8);
    expect(JSON.parse(admin.content.split('\n')[0]!)).toMatchObject({ machine: 'Oven1', Recipe: 4711 });
  });

  it('leave the field out of what a viewer\'s model hears through MCP and Jarvis', async () => {
    for (const via of ['mcp', 'jarvis'] as const) {
      const latest = (await t.call(viewerA, 'telemetry.latest', { measurement: 'oven' }, via)) as { values: Array<{ field: string }>; withheld: unknown[] };
      expect(new Set(latest.values.map((value) => value.field))).toEqual(new Set(['ZoneTemperature1']));
      expect(latest.withheld).toEqual([{ measurement: 'oven', field: 'Recipe', label: 'confidential', minRole: 'engineer' }]);
      const query = await t.call(viewerA, 'telemetry.query', { sql: 'SELECT * FROM oven' }, via);
      expect(JSON.stringify(query)).not.toContain('4711');
    }
    const adminLatest = (await t.call(adminA, 'telemetry.latest', { measurement: 'oven' }, 'mcp')) as { values: Array<{ field: string }> };
    expect(new Set(adminLatest.values.map((value) => value.field))).toEqual(new Set(['ZoneTemperature1', 'Recipe']));
  });

  it('follow the tenant\'s own lowest role per label', async () => {
    await t.call(adminA, 'governance.setClassifications', { labelMinRoles: { confidential: 'viewer' } });
    expect(columnsOf(await t.call(viewerA, 'telemetry.query', { sql: 'SELECT * FROM oven' }))).toContain('Recipe');
    const listed = await t.call(viewerA, 'governance.listClassifications', {});
    expect(listed).toMatchObject({ labelMinRoles: { confidential: 'viewer', restricted: 'admin' } });
    await t.call(adminA, 'governance.setClassifications', { labelMinRoles: { confidential: 'engineer' } });
    expect(columnsOf(await t.call(viewerA, 'telemetry.query', { sql: 'SELECT * FROM oven' }))).not.toContain('Recipe');
  });

  it('are set by admins only, and bad input is refused', async () => {
    await expect(t.call(viewerA, 'governance.setClassifications', { classifications: [{ measurement: 'oven', field: 'Recipe', label: null }] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(t.call(adminA, 'governance.setClassifications', { classifications: [{ measurement: 'oven', field: 'Recipe', label: 'secret' }] })).rejects.toMatchObject({
      code: 'INVALID',
    });
  });
});

describe('classification labels in pipelines', () => {
  it('keep a restricted field out of what a pipeline run reads and exports (runs read as the service role)', async () => {
    await t.platform.services.timeseries.write(a.tenantId, [{ m: 'vault', tags: { machine: 'Safe1' }, f: { code: 1234, temperature: 21 }, t: RECENT }]);
    await t.call(adminA, 'governance.setClassifications', { classifications: [{ measurement: 'vault', field: 'code', label: 'restricted' }] });
    const run = createComponentServices(t.platform.services, { tenantId: a.tenantId, actor: { type: 'system', name: 'pipeline-worker' }, role: 'service' }, { id: 'pl_vault', version: 1 });
    const rows = await run.queryTimeSeries('SELECT * FROM vault', {}, new AbortController().signal);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!).sort()).toEqual(['machine', 'temperature', 'time']);
    await expect(run.queryTimeSeries('SELECT code FROM vault', {}, new AbortController().signal)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(columnsOf(await t.call(adminA, 'telemetry.query', { sql: 'SELECT * FROM vault' }))).toContain('code');
  });
});

describe('telemetry retention', () => {
  it('a shorter period asks for confirmation, and a model\'s call waits for a person', async () => {
    await expect(t.call(adminA, 'governance.setRetention', { measurements: [{ measurement: 'oven', days: 30 }] }, 'cli')).rejects.toMatchObject({
      code: 'NEEDS_CONFIRMATION',
      message: expect.stringContaining('oven: forever → 30 days'),
    });
    await expect(t.call(adminA, 'governance.setRetention', { measurements: [{ measurement: 'oven', days: 30 }] }, 'mcp')).rejects.toMatchObject({
      code: 'PENDING_APPROVAL',
    });
  });

  it('the sweep deletes only the older rows of that measurement of that tenant, and audits it', async () => {
    const set = await confirmed(adminA, 'governance.setRetention', { measurements: [{ measurement: 'oven', days: 30 }] });
    expect(set).toEqual({ retention: { defaultDays: null, measurements: [{ measurement: 'oven', days: 30 }], enforcement: 'sweep' } });
    const sweep = await sweepTelemetryRetention(t.platform.services, a.tenantId, NOW);
    expect(sweep.deletions).toEqual([{ measurement: 'oven', rows: 4, before: new Date(NOW.getTime() - 30 * DAY).toISOString() }]);
    const count = async (tenantId: string, sql: string) => (await t.platform.services.timeseries.query(tenantId, sql, { maxRows: 10, timeoutMs: 10_000 })).rows[0]![0];
    expect(await count(a.tenantId, 'SELECT count(*) FROM oven')).toBe(4);
    expect(await count(a.tenantId, 'SELECT count(*) FROM press')).toBe(1);
    expect(await count(b.tenantId, 'SELECT count(*) FROM oven')).toBe(8);
    const audit = (await t.call(a.ownerPrincipal, 'audit.list', { operation: 'governance.sweepRetention' })) as { items: Array<Record<string, unknown>> };
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ actorType: 'system', actorId: 'system:retention-sweep', front: 'system', outcome: 'ok', input: { rows: 4 } });
    expect((await t.call(b.ownerPrincipal, 'audit.list', { operation: 'governance.sweepRetention' })) as { items: unknown[] }).toMatchObject({ items: [] });
  });

  it('the tenant default covers measurements without their own period, on the sweeps\' interval', async () => {
    await confirmed(adminA, 'governance.setRetention', { defaultDays: 45 });
    const clocked: Services = { ...t.platform.services, now: () => NOW };
    const sweeps = startGovernanceSweeps(clocked, { intervalMs: 3_600_000 });
    await sweeps.sweepNow();
    await sweeps.close();
    const count = async (tenantId: string) => (await t.platform.services.timeseries.query(tenantId, 'SELECT count(*) FROM press', { maxRows: 10, timeoutMs: 10_000 })).rows[0]![0];
    expect(await count(a.tenantId)).toBe(0);
    expect(await count(b.tenantId)).toBe(1);
  });
});

describe('audit-log retention and export', () => {
  it('the export pages the log as CSV and JSON Lines, oldest first', async () => {
    const from = new Date(NOW.getTime() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const all = (await t.call(a.ownerPrincipal, 'audit.list', { from, to, limit: 200 })) as { items: Array<{ id: string; operation: string }> };
    const expected = [...all.items].reverse();
    const jsonl = (await t.call(a.ownerPrincipal, 'audit.export', { from, to, format: 'jsonl' })) as { content: string; rows: number; truncated: boolean; key: string };
    const records = jsonl.content.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; operation: string; tenantId: string });
    // The export is itself audited (it stores a file): its own record joins the range, newest.
    expect(records.at(-1)).toMatchObject({ operation: 'audit.export', outcome: 'pending' });
    expect(records.slice(0, -1).map((record) => record.id)).toEqual(expected.map((record) => record.id));
    expect(records.every((record) => record.tenantId === a.tenantId)).toBe(true);
    expect(jsonl).toMatchObject({ rows: expected.length + 1, truncated: false });
    const csv = (await t.call(a.ownerPrincipal, 'audit.export', { from, to, format: 'csv', maxRows: 2 })) as { content: string; truncated: boolean; nextCursor: string };
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actorType,actorId,actorLabel,front,conversationId,operation,effect,outcome,errorCode,durationMs,inputDigest,inputTruncated,input');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(expected.slice(0, 2).map((record) => record.id));
    expect(csv.truncated).toBe(true);
    const next = (await t.call(a.ownerPrincipal, 'audit.export', { from, to, format: 'csv', maxRows: 2, cursor: csv.nextCursor })) as { content: string };
    expect(next.content.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0])).toEqual(expected.slice(2, 4).map((record) => record.id));
    await expect(t.call(viewerA, 'audit.export', { from, to })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the sweep deletes records older than the tenant\'s audit retention, of that tenant only', async () => {
    for (const tenant of [a, b]) {
      await t.platform.services.db.withTenant(tenant.tenantId, (tx) =>
        tx.insert(schema.auditLog).values([
          { id: `old-${tenant.tenantId}`, tenantId: tenant.tenantId, at: new Date(NOW.getTime() - 400 * DAY), actorType: 'user', actorId: 'u', front: 'cli', operation: 'x.old', effect: 'write', outcome: 'ok', durationMs: 1 },
          { id: `mid-${tenant.tenantId}`, tenantId: tenant.tenantId, at: new Date(NOW.getTime() - 100 * DAY), actorType: 'user', actorId: 'u', front: 'cli', operation: 'x.mid', effect: 'write', outcome: 'ok', durationMs: 1 },
        ]),
      );
    }
    expect(await sweepAuditRetention(t.platform.services, a.tenantId, NOW)).toMatchObject({ rows: 1 });
    await confirmed(adminA, 'governance.setAuditRetention', { days: 90 });
    expect(await t.call(viewerA, 'governance.getAuditRetention', {})).toEqual({ auditRetention: { days: 90 } });
    expect(await sweepAuditRetention(t.platform.services, a.tenantId, NOW)).toMatchObject({ rows: 1 });
    const operations = async (tenantId: string) =>
      (await t.platform.services.db.withTenant(tenantId, (tx) => tx.select({ operation: schema.auditLog.operation }).from(schema.auditLog))).map((row) => row.operation);
    expect(await operations(a.tenantId)).not.toContain('x.old');
    expect(await operations(a.tenantId)).not.toContain('x.mid');
    expect(await operations(a.tenantId)).toContain('governance.sweepAuditRetention');
    expect(await operations(b.tenantId)).toEqual(expect.arrayContaining(['x.old', 'x.mid']));
  });

  it('the database refuses to expire records younger than the retention, and another tenant\'s', async () => {
    const { sql } = await import('@facilflow/db');
    await expect(
      t.platform.services.db.withTenant(a.tenantId, (tx) => tx.execute(sql`select audit_log_expire(${a.tenantId}, now())`)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/younger than the tenant's audit retention/) } });
    await expect(
      t.platform.services.db.withTenant(a.tenantId, (tx) => tx.execute(sql`select audit_log_expire(${b.tenantId}, now() - interval '1000 days')`)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/only the tenant of the transaction/) } });
  });
});

describe('tenant isolation of governance settings', () => {
  it('tenant B neither reads nor changes tenant A\'s settings', async () => {
    const adminB = await t.memberPrincipal(b.tenantId, 'admin');
    expect(await t.call(adminB, 'governance.getRetention', {})).toEqual({ retention: { defaultDays: null, measurements: [], enforcement: 'sweep' } });
    expect(await t.call(adminB, 'governance.listClassifications', {})).toMatchObject({ classifications: [] });
    await t.call(adminB, 'governance.setClassifications', { classifications: [{ measurement: 'oven', field: 'ZoneTemperature1', label: 'restricted' }] });
    await confirmed(adminB, 'governance.setRetention', { measurements: [{ measurement: 'oven', days: 1 }] });
    // A's own are as A left them, and A's viewer still sees ZoneTemperature1.
    expect(await t.call(adminA, 'governance.listClassifications', { measurement: 'oven' })).toMatchObject({
      classifications: [{ measurement: 'oven', field: 'Recipe', label: 'confidential' }],
    });
    expect(await t.call(adminA, 'governance.getRetention', {})).toMatchObject({ retention: { defaultDays: 45, measurements: [{ measurement: 'oven', days: 30 }] } });
    expect(columnsOf(await t.call(viewerA, 'telemetry.query', { sql: 'SELECT * FROM oven' }))).toContain('ZoneTemperature1');
    // And row-level security holds without the service layer's filter.
    for (const table of [schema.governanceSettings, schema.measurementRetention, schema.dataClassifications]) {
      const rows = await t.platform.services.db.withTenant(b.tenantId, (tx) => tx.select().from(table));
      expect(rows.every((row) => row.tenantId === b.tenantId)).toBe(true);
    }
    // The input carries no tenant: a tenant id slipped into it is dropped, and the change is B's own.
    await confirmed(adminB, 'governance.setAuditRetention', { days: 60, tenantId: a.tenantId });
    expect(await t.call(adminB, 'governance.getAuditRetention', {})).toEqual({ auditRetention: { days: 60 } });
    expect(await t.call(adminA, 'governance.getAuditRetention', {})).toEqual({ auditRetention: { days: 90 } });
  });
});

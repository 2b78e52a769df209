import { schema, sql } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;

const GOVERNANCE_TABLES = [schema.governanceSettings, schema.measurementRetention, schema.dataClassifications] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.governanceSettings).values({ tenantId: id, defaultRetentionDays: 30 });
      await tx.insert(schema.measurementRetention).values({ tenantId: id, measurement: 'oven', retentionDays: 7 });
      await tx.insert(schema.dataClassifications).values({ tenantId: id, measurement: 'oven', field: 'Recipe', label: 'confidential' });
    });
  }
});
afterAll(() => t?.drop());

describe(`row-level security of the governance tables (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(GOVERNANCE_TABLES.map((table) => [table]))('a transaction without a tenant sees nothing, a tenant only its own (%#)', async (table) => {
    expect(await t.db.withSettings({}, (tx) => tx.select().from(table))).toEqual([]);
    const rows = await t.db.withTenant('t_a', (tx) => tx.select().from(table));
    expect(rows.length).toBe(1);
    expect(rows.every((row) => row.tenantId === 't_a')).toBe(true);
  });

  it('refuses writes into another tenant and changes none of its rows', async () => {
    await expect(t.db.withTenant('t_a', (tx) => tx.insert(schema.dataClassifications).values({ tenantId: 't_b', measurement: 'x', field: 'y', label: 'public' }))).rejects.toThrow();
    const changed = await t.db.withTenant('t_a', (tx) => tx.update(schema.measurementRetention).set({ retentionDays: 1 }).returning());
    expect(changed.every((row) => row.tenantId === 't_a')).toBe(true);
    const b = await t.db.withTenant('t_b', (tx) => tx.select().from(schema.measurementRetention));
    expect(b).toMatchObject([{ retentionDays: 7 }]);
  });

  it('keeps the audit log append-only: only audit_log_expire deletes, for its own tenant and past the retention', async () => {
    const old = new Date(Date.now() - 400 * 86_400_000);
    for (const id of ['t_a', 't_b']) {
      await t.db.withTenant(id, (tx) =>
        tx.insert(schema.auditLog).values({ id: `a-${id}`, tenantId: id, at: old, actorType: 'user', actorId: 'u', front: 'cli', operation: 'x.y', effect: 'write', outcome: 'ok', durationMs: 1 }),
      );
    }
    await expect(t.db.withTenant('t_a', (tx) => tx.delete(schema.auditLog))).rejects.toThrow();
    await expect(t.db.withTenant('t_a', (tx) => tx.execute(sql`select audit_log_expire('t_b', now() - interval '380 days')`))).rejects.toThrow();
    await expect(t.db.withTenant('t_a', (tx) => tx.execute(sql`select audit_log_expire('t_a', now() - interval '10 days')`))).rejects.toThrow();
    await t.db.withTenant('t_a', (tx) => tx.execute(sql`select audit_log_expire('t_a', now() - interval '380 days')`));
    expect(await t.db.withTenant('t_a', (tx) => tx.select().from(schema.auditLog))).toEqual([]);
    expect(await t.db.withTenant('t_b', (tx) => tx.select().from(schema.auditLog))).toHaveLength(1);
  });
});

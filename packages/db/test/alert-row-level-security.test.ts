import { eq, schema } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;
const at = new Date('2026-01-05T08:00:00Z');

const ALERT_TABLES = [schema.alertRules, schema.alerts, schema.alertTransitions] as const;

const alertRow = (tenantId: string, id: string) => ({
  id, tenantId, ruleId: `ar-${tenantId}`, ruleName: 'hot', ruleVersion: 1, state: 'firing', severity: 'major', priority: 2,
  measurement: 'oven', field: 'temp', series: 'machine=Oven2', tags: { machine: 'Oven2' }, labels: {}, summary: 'hot', value: 240, firedAt: at,
});

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.alertRules).values({ id: `ar-${id}`, tenantId: id, name: 'hot', measurement: 'oven', enabled: true, spec: {}, version: 1, createdBy: 'u', createdAt: at, updatedBy: 'u', updatedAt: at });
      await tx.insert(schema.alerts).values(alertRow(id, `al-${id}`));
      await tx.insert(schema.alertTransitions).values({ id: `tr-${id}`, tenantId: id, alertId: `al-${id}`, ruleId: `ar-${id}`, series: 'machine=Oven2', transition: 'triggered', at });
    });
  }
});
afterAll(() => t?.drop());

describe(`alert tables under row-level security (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(ALERT_TABLES.map((table) => [table]))('a session of tenant B sees none of tenant A in %#', async (table) => {
    const rows = await t.db.withTenant('t_b', (tx) => tx.select().from(table));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.tenantId === 't_b')).toBe(true);
    expect(await t.db.withSettings({}, (tx) => tx.select().from(table))).toEqual([]);
  });

  it("a transition of tenant B cannot name tenant A's alert, even by id", async () => {
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.alertTransitions).values({ id: 'tr-x', tenantId: 't_b', alertId: 'al-t_a', ruleId: 'ar-t_b', series: '', transition: 'acknowledged', at })),
    ).rejects.toThrow();
  });

  it("updates and deletes aimed at tenant A's rows from B change nothing", async () => {
    expect(await t.db.withTenant('t_b', (tx) => tx.update(schema.alerts).set({ state: 'resolved' }).where(eq(schema.alerts.id, 'al-t_a')).returning())).toEqual([]);
    expect(await t.db.withTenant('t_b', (tx) => tx.delete(schema.alertRules).where(eq(schema.alertRules.id, 'ar-t_a')).returning())).toEqual([]);
    const [alert] = await t.db.withTenant('t_a', (tx) => tx.select().from(schema.alerts));
    expect(alert?.state).toBe('firing');
  });

  it('keeps one open alert per rule and series, and transitions append-only', async () => {
    await expect(t.db.withTenant('t_a', (tx) => tx.insert(schema.alerts).values(alertRow('t_a', 'al-twin')))).rejects.toThrow();
    await t.db.withTenant('t_a', (tx) => tx.update(schema.alerts).set({ state: 'resolved', resolvedAt: at }).where(eq(schema.alerts.id, 'al-t_a')));
    await t.db.withTenant('t_a', (tx) => tx.insert(schema.alerts).values(alertRow('t_a', 'al-next')));
    await expect(t.db.withTenant('t_a', (tx) => tx.update(schema.alertTransitions).set({ comment: 'rewritten' }))).rejects.toThrow();
    await expect(t.db.withTenant('t_a', (tx) => tx.delete(schema.alertTransitions))).rejects.toThrow();
  });

  it("deleting a tenant takes its alerts and their transitions with it", async () => {
    await t.db.withSystem('test: delete tenant B', (tx) => tx.delete(schema.tenants).where(eq(schema.tenants.tenantId, 't_b')));
    expect(await t.db.withSystem('test: count', (tx) => tx.select().from(schema.alertTransitions).where(eq(schema.alertTransitions.tenantId, 't_b')))).toEqual([]);
  });
});

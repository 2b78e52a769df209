import { eq, schema } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;
const at = new Date('2026-12-06T08:00:00Z');
const NOTIFICATION_TABLES = [
  schema.notificationChannels,
  schema.notificationPolicies,
  schema.notificationSilences,
  schema.maintenanceWindows,
  schema.webhookSubscriptions,
  schema.notificationDeliveries,
  schema.alertNotificationStates,
] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.notificationChannels).values({ id: `nch-${id}`, tenantId: id, name: 'ops', kind: 'webhook', settings: { kind: 'webhook', url: 'https://x.test' }, secret: 's', createdAt: at, updatedAt: at });
      await tx.insert(schema.notificationPolicies).values({ tenantId: id, policy: { routes: [], defaultChannels: [] }, updatedAt: at, updatedBy: 'u' });
      await tx.insert(schema.notificationSilences).values({ id: `sil-${id}`, tenantId: id, matcher: {}, startsAt: at, endsAt: at, createdBy: 'u', comment: 'c', createdAt: at });
      await tx.insert(schema.maintenanceWindows).values({ id: `mnt-${id}`, tenantId: id, name: 'm', matcher: {}, schedule: { kind: 'once' }, createdBy: 'u', createdAt: at });
      await tx.insert(schema.webhookSubscriptions).values({ id: `whk-${id}`, tenantId: id, name: 'w', url: 'https://x.test', events: ['run.failed'], secret: 's', createdBy: 'u', createdAt: at });
      await tx.insert(schema.notificationDeliveries).values({ id: `dlv-${id}`, tenantId: id, targetKind: 'channel', targetId: `nch-${id}`, eventType: 'alert.triggered', eventId: 'e1', reason: 'notify', summary: 's', body: {}, status: 'pending', createdAt: at });
      await tx.insert(schema.alertNotificationStates).values({ tenantId: id, alertId: 'alr_1', notice: {}, status: 'firing', firedAt: at, notifiedAt: {}, escalated: [] });
    });
  }
});
afterAll(() => t?.drop());

describe(`notification tables under row-level security (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(NOTIFICATION_TABLES.map((table) => [table]))('a session of tenant B sees none of tenant A in %#, and one without a tenant sees nothing', async (table) => {
    const rows = await t.db.withTenant('t_b', (tx) => tx.select().from(table));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.tenantId === 't_b')).toBe(true);
    expect(await t.db.withSettings({}, (tx) => tx.select().from(table))).toEqual([]);
  });

  it("tenant B cannot write a row for tenant A, nor change or delete A's", async () => {
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.notificationSilences).values({ id: 'sil-forged', tenantId: 't_a', matcher: {}, startsAt: at, endsAt: at, createdBy: 'u', comment: 'c', createdAt: at })),
    ).rejects.toThrow();
    expect(await t.db.withTenant('t_b', (tx) => tx.update(schema.notificationDeliveries).set({ status: 'failed' }).where(eq(schema.notificationDeliveries.id, 'dlv-t_a')).returning())).toEqual([]);
    expect(await t.db.withTenant('t_b', (tx) => tx.delete(schema.webhookSubscriptions).where(eq(schema.webhookSubscriptions.id, 'whk-t_a')).returning())).toEqual([]);
    expect(await t.db.withTenant('t_a', (tx) => tx.select().from(schema.webhookSubscriptions))).toHaveLength(1);
  });

  it('keeps one delivery per target, event and reason, but lets a redelivery of it in', async () => {
    const delivery = { tenantId: 't_a', targetKind: 'channel', targetId: 'nch-t_a', eventType: 'alert.triggered', eventId: 'e1', reason: 'notify', summary: 's', body: {}, status: 'pending', createdAt: at };
    expect(await t.db.withTenant('t_a', (tx) => tx.insert(schema.notificationDeliveries).values({ ...delivery, id: 'dlv-again' }).onConflictDoNothing().returning())).toEqual([]);
    expect(await t.db.withTenant('t_a', (tx) => tx.insert(schema.notificationDeliveries).values({ ...delivery, id: 'dlv-redelivery', redeliveryOf: 'dlv-t_a' }).returning())).toHaveLength(1);
  });
});

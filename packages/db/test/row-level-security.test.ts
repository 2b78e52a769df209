import { eq, schema, sql } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;

const TENANT_TABLES = [schema.tenants, schema.members, schema.invites, schema.apiKeys, schema.auditLog] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.members).values({ tenantId: id, uid: `owner-${id}`, email: null, role: 'owner' });
      await tx.insert(schema.invites).values({ id: `inv-${id}`, tenantId: id, email: `${id}@x.test`, role: 'viewer', invitedBy: 'u', expiresAt: new Date(Date.now() + 60_000) });
      await tx.insert(schema.apiKeys).values({ id: `key-${id}`, tenantId: id, name: 'k', role: 'viewer', prefix: 'p', secretHash: 'h', createdBy: 'u' });
      await tx.insert(schema.auditLog).values({ id: `a-${id}`, tenantId: id, actorType: 'user', actorId: 'u', front: 'cli', operation: 'x.y', effect: 'write', outcome: 'ok', durationMs: 1 });
    });
  }
  await t.db.withUser('u1', (tx) => tx.insert(schema.profiles).values({ uid: 'u1', email: null, displayName: null, activeTenantId: 't_a' }));
});
afterAll(() => t?.drop());

/**
 * The service layer filters by tenant; these prove the database refuses on its own
 * when a query forgets to, on whichever database the suite runs (PGlite or PostgreSQL).
 */
describe(`row-level security (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(TENANT_TABLES.map((table) => [table]))('a transaction without a tenant setting sees nothing in %#', async (table) => {
    const rows = await t.db.withSettings({}, (tx) => tx.select().from(table));
    expect(rows).toEqual([]);
  });

  it.each(TENANT_TABLES.map((table) => [table]))('a query without a tenant filter sees only its own tenant in %#', async (table) => {
    const rows = await t.db.withTenant('t_a', (tx) => tx.select().from(table));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.tenantId === 't_a')).toBe(true);
  });

  it('writes into another tenant are refused', async () => {
    await expect(
      t.db.withTenant('t_a', (tx) => tx.insert(schema.members).values({ tenantId: 't_b', uid: 'intruder', email: null, role: 'owner' })),
    ).rejects.toThrow();
    const updated = await t.db.withTenant('t_a', (tx) =>
      tx.update(schema.apiKeys).set({ revokedAt: new Date() }).where(eq(schema.apiKeys.id, 'key-t_b')).returning(),
    );
    expect(updated).toEqual([]);
    const deleted = await t.db.withTenant('t_a', (tx) => tx.delete(schema.members).where(eq(schema.members.uid, 'owner-t_b')).returning());
    expect(deleted).toEqual([]);
  });

  it('the audit log is append-only for the application', async () => {
    await expect(t.db.withTenant('t_a', (tx) => tx.delete(schema.auditLog))).rejects.toThrow();
    await expect(t.db.withTenant('t_a', (tx) => tx.update(schema.auditLog).set({ outcome: 'error' }))).rejects.toThrow();
  });

  it('profiles are visible to their own user only', async () => {
    expect(await t.db.withUser('u2', (tx) => tx.select().from(schema.profiles))).toEqual([]);
    expect(await t.db.withUser('u1', (tx) => tx.select().from(schema.profiles))).toHaveLength(1);
    expect(await t.db.withTenant('t_a', (tx) => tx.select().from(schema.profiles))).toEqual([]);
  });

  // A table added later without row-level security fails here.
  it('every table has forced row-level security and a policy for the application role', async () => {
    const tables = (await t.db.withSystem('list tables for the RLS test', (tx) =>
      tx.execute(sql`select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
        (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'`),
    )) as unknown as { rows?: Array<{ name: string; enabled: boolean; forced: boolean; policies: number }> } & Array<{ name: string; enabled: boolean; forced: boolean; policies: number }>;
    const rows = tables.rows ?? tables;
    expect(rows.length).toBeGreaterThan(8);
    for (const table of rows) {
      expect({ table: table.name, enabled: table.enabled, forced: table.forced, policy: table.policies > 0 }).toEqual({
        table: table.name,
        enabled: true,
        forced: true,
        policy: true,
      });
    }
  });

  it('the application role cannot lift the policies', async () => {
    await expect(t.db.withTenant('t_a', (tx) => tx.execute(sql`alter table members disable row level security`))).rejects.toThrow();
    await expect(t.db.withTenant('t_a', (tx) => tx.execute(sql`drop policy tenant_isolation on members`))).rejects.toThrow();
  });
});

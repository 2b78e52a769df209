import { schema } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;
const at = new Date('2026-01-05T08:00:00Z');
const STATE_TABLES = [schema.pipelineStreamStates, schema.pipelineScheduleFirings] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.pipelines).values({ id: `pl-${id}`, tenantId: id, name: 'oven 1m', status: 'active', draftSpec: {}, latestVersion: 1, createdBy: 'u', createdAt: at, updatedBy: 'u', updatedAt: at });
      await tx.insert(schema.pipelineStreamStates).values({ tenantId: id, pipelineId: `pl-${id}`, version: 1, checkpoint: { format: 1 }, updatedAt: at });
      await tx.insert(schema.pipelineScheduleFirings).values({ tenantId: id, scheduleId: `${id}.pl-${id}.0`, pipelineId: `pl-${id}`, lastFiredAt: at });
    });
  }
});
afterAll(() => t?.drop());

describe(`pipeline stream and schedule state under row-level security (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(STATE_TABLES.map((table) => [table]))('a session of tenant B sees none of tenant A in %#', async (table) => {
    const rows = await t.db.withTenant('t_b', (tx) => tx.select().from(table));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.tenantId === 't_b')).toBe(true);
    expect(await t.db.withSettings({}, (tx) => tx.select().from(table))).toEqual([]);
  });

  it("tenant B cannot keep state for tenant A's pipeline, even by id", async () => {
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.pipelineStreamStates).values({ tenantId: 't_b', pipelineId: 'pl-t_a', version: 1, checkpoint: {}, updatedAt: at })),
    ).rejects.toThrow();
    await expect(t.db.withTenant('t_b', (tx) => tx.insert(schema.pipelineStreamStates).values({ tenantId: 't_a', pipelineId: 'pl-t_a', version: 2, checkpoint: {}, updatedAt: at }))).rejects.toThrow();
  });
});

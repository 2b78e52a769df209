import { eq, schema } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;
const at = new Date('2026-01-05T08:00:00Z');
const STATE_TABLES = [schema.pipelineStreamStates, schema.pipelineScheduleFirings, schema.pipelineSchedules] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.pipelines).values({ id: `pl-${id}`, tenantId: id, name: 'oven 1m', status: 'active', draftSpec: {}, latestVersion: 1, createdBy: 'u', createdAt: at, updatedBy: 'u', updatedAt: at });
      await tx.insert(schema.pipelineStreamStates).values({ tenantId: id, pipelineId: `pl-${id}`, version: 1, checkpoint: { format: 1 }, updatedAt: at });
      await tx.insert(schema.pipelineScheduleFirings).values({ tenantId: id, scheduleId: `${id}.pl-${id}.0`, pipelineId: `pl-${id}`, lastFiredAt: at });
      await tx.insert(schema.pipelineSchedules).values({ tenantId: id, scheduleId: `${id}.pl-${id}.0`, pipelineId: `pl-${id}`, pausedAt: at, pausedBy: 'u' });
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

  it("tenant B cannot pause tenant A's schedule, nor resume it by deleting the pause", async () => {
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.pipelineSchedules).values({ tenantId: 't_a', scheduleId: 't_a.pl-t_a.1', pipelineId: 'pl-t_a', pausedAt: at, pausedBy: 'u' })),
    ).rejects.toThrow();
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.pipelineSchedules).values({ tenantId: 't_b', scheduleId: 't_a.pl-t_a.1', pipelineId: 'pl-t_a', pausedAt: at, pausedBy: 'u' })),
    ).rejects.toThrow();
    expect(await t.db.withTenant('t_b', (tx) => tx.delete(schema.pipelineSchedules).where(eq(schema.pipelineSchedules.tenantId, 't_a')).returning())).toEqual([]);
    expect(await t.db.withTenant('t_a', (tx) => tx.select().from(schema.pipelineSchedules))).toHaveLength(1);
  });

  it('a second run for the same cron firing is refused', async () => {
    await t.db.withTenant('t_a', async (tx) => {
      await tx.insert(schema.pipelineVersions).values({ tenantId: 't_a', pipelineId: 'pl-t_a', version: 1, spec: {}, publishedBy: 'u', publishedAt: at });
      const run = (id: string) => ({ id, tenantId: 't_a', pipelineId: 'pl-t_a', version: 1, status: 'queued', trigger: 'cron', params: {}, createdAt: at, scheduleFiring: 't_a.pl-t_a.0@1' });
      await tx.insert(schema.pipelineRuns).values(run('run_1'));
      await expect(tx.transaction((inner) => inner.insert(schema.pipelineRuns).values(run('run_2')))).rejects.toThrow();
    });
  });
});

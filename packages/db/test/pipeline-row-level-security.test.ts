import { eq, schema } from '@facilflow/db';
import { createTestDatabase, type TestDatabase } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let t: TestDatabase;
const at = new Date('2026-01-05T08:00:00Z');

const PIPELINE_TABLES = [schema.pipelines, schema.pipelineVersions, schema.pipelineRuns, schema.pipelineSteps, schema.pipelineKeptOutputs, schema.backfillSlices] as const;

beforeAll(async () => {
  t = await createTestDatabase();
  for (const id of ['t_a', 't_b']) {
    await t.db.withTenant(id, async (tx) => {
      await tx.insert(schema.tenants).values({ tenantId: id, name: id, slug: id.replace('_', '-'), createdBy: 'u' });
      await tx.insert(schema.pipelines).values({
        id: `pl-${id}`, tenantId: id, name: 'oven 1m', status: 'active', draftSpec: {}, latestVersion: 1, createdBy: 'u', createdAt: at, updatedBy: 'u', updatedAt: at,
      });
      await tx.insert(schema.pipelineVersions).values({ tenantId: id, pipelineId: `pl-${id}`, version: 1, spec: {}, publishedBy: 'u', publishedAt: at });
      await tx.insert(schema.pipelineRuns).values({ id: `run-${id}`, tenantId: id, pipelineId: `pl-${id}`, version: 1, status: 'succeeded', trigger: 'manual', params: {}, createdAt: at });
      await tx.insert(schema.pipelineSteps).values({ tenantId: id, runId: `run-${id}`, stageId: 'read', attempt: 1, status: 'succeeded', rowsIn: 0, rowsOut: 1, inputSample: [], outputSample: [] });
      await tx.insert(schema.pipelineKeptOutputs).values({ tenantId: id, runId: `run-${id}`, stageId: 'read', rows: [], ports: {}, rowCount: 0, bytes: 2, keptAt: at });
      await tx.insert(schema.backfillSlices).values({ tenantId: id, pipelineId: `pl-${id}`, version: 1, sliceFrom: at, sliceTo: new Date(at.getTime() + 3_600_000), runId: `run-${id}` });
    });
  }
});
afterAll(() => t?.drop());

describe(`pipeline tables under row-level security (${process.env.FF_TEST_DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  it.each(PIPELINE_TABLES.map((table) => [table]))('a session of tenant B sees none of tenant A in %#', async (table) => {
    const rows = await t.db.withTenant('t_b', (tx) => tx.select().from(table));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.tenantId === 't_b')).toBe(true);
    expect(await t.db.withSettings({}, (tx) => tx.select().from(table))).toEqual([]);
  });

  it("a row of tenant B cannot point at tenant A's pipeline or run, even by id", async () => {
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.pipelineVersions).values({ tenantId: 't_b', pipelineId: 'pl-t_a', version: 2, spec: {}, publishedBy: 'u', publishedAt: at })),
    ).rejects.toThrow();
    await expect(
      t.db.withTenant('t_b', (tx) => tx.insert(schema.pipelineRuns).values({ id: 'run-x', tenantId: 't_b', pipelineId: 'pl-t_a', version: 1, status: 'queued', trigger: 'manual', params: {}, createdAt: at })),
    ).rejects.toThrow();
    await expect(
      t.db.withTenant('t_b', (tx) =>
        tx.insert(schema.pipelineSteps).values({ tenantId: 't_b', runId: 'run-t_a', stageId: 'x', attempt: 1, status: 'running', rowsIn: 0, rowsOut: 0, inputSample: [], outputSample: [] }),
      ),
    ).rejects.toThrow();
  });

  it("updates and deletes aimed at tenant A's rows from B change nothing", async () => {
    expect(await t.db.withTenant('t_b', (tx) => tx.update(schema.pipelines).set({ status: 'paused' }).where(eq(schema.pipelines.id, 'pl-t_a')).returning())).toEqual([]);
    expect(await t.db.withTenant('t_b', (tx) => tx.delete(schema.pipelineRuns).where(eq(schema.pipelineRuns.id, 'run-t_a')).returning())).toEqual([]);
    const [pipeline] = await t.db.withTenant('t_a', (tx) => tx.select().from(schema.pipelines));
    expect(pipeline?.status).toBe('active');
  });

  it('a published version cannot be changed or deleted by the application, only removed with its pipeline', async () => {
    await expect(t.db.withTenant('t_a', (tx) => tx.update(schema.pipelineVersions).set({ spec: { changed: true } }))).rejects.toThrow();
    await expect(t.db.withTenant('t_a', (tx) => tx.delete(schema.pipelineVersions))).rejects.toThrow();
    await t.db.withTenant('t_a', (tx) => tx.delete(schema.pipelines).where(eq(schema.pipelines.id, 'pl-t_a')));
    expect(await t.db.withTenant('t_a', (tx) => tx.select().from(schema.pipelineVersions))).toEqual([]);
    expect(await t.db.withTenant('t_a', (tx) => tx.select().from(schema.pipelineSteps))).toEqual([]);
    expect(await t.db.withTenant('t_b', (tx) => tx.select().from(schema.pipelineVersions))).toHaveLength(1);
  });
});

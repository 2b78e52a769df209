import { createHash } from 'node:crypto';
import type { TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import {
  createPipeline, deletePipeline, diffPipeline, getPipeline, listPipelines, listPipelineVersions, planDeletePipeline, planStopPipeline, publishPipeline,
  queueRun, rollbackPipeline, startPipeline, stopPipeline, updatePipeline, validatePipeline, type Services,
} from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, validSpec } from './test-catalog.ts';

let t: TestPlatform;
let services: Services;
let scope: TenantScope;
let other: TenantScope;

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
const uniqueName = () => `pipeline ${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  t = await createTestPlatform();
  // Each change a second later than the one before, so "newest first" has one answer.
  let clock = Date.UTC(2026, 0, 5, 8);
  services = { ...t.platform.services, pipelineEngine: testEngine, now: () => new Date((clock += 1000)) };
  const a = await t.createTenant('Pipelines A');
  const b = await t.createTenant('Pipelines B');
  scope = { tenantId: a.tenantId, actor: a.ownerPrincipal.actor, role: 'owner' };
  other = { tenantId: b.tenantId, actor: b.ownerPrincipal.actor, role: 'owner' };
});
afterAll(() => t?.close());

async function published(name = uniqueName()) {
  const { pipeline } = await createPipeline(services, scope, { spec: validSpec(name) });
  await publishPipeline(services, scope, { id: pipeline.id });
  return pipeline.id;
}

describe('pipeline drafts', () => {
  it('saves an invalid draft with its problems, and says so again on get and validate', async () => {
    const spec = { name: uniqueName(), triggers: [{ type: 'manual' }], stages: [{ id: 'read', use: 'source.nope' }] };
    const created = await createPipeline(services, scope, { spec });
    expect(created.pipeline).toMatchObject({ status: 'draft', latestVersion: null, name: spec.name, draft: spec });
    expect(created.problems.map((p) => p.code)).toEqual(['unknown_component']);
    expect((await getPipeline(services, scope, { id: created.pipeline.id })).problems).toEqual(created.problems);
    expect(await validatePipeline(services, scope, { id: created.pipeline.id })).toEqual({ valid: false, problems: created.problems });
    expect(await validatePipeline(services, scope, { spec: validSpec() })).toEqual({ valid: true, problems: [] });
  });

  it('updates the draft and its name; a second pipeline of the same name is refused', async () => {
    const name = uniqueName();
    const { pipeline } = await createPipeline(services, scope, { spec: { ...validSpec(name), stages: [] } });
    const renamed = await updatePipeline(services, scope, { id: pipeline.id, spec: { ...validSpec(`${name} v2`), description: 'doubled counter' } });
    expect(renamed.pipeline).toMatchObject({ name: `${name} v2`, description: 'doubled counter' });
    expect(renamed.problems).toEqual([]);
    expect(await code(createPipeline(services, scope, { spec: validSpec(`${name} v2`) }))).toBe('CONFLICT');
    // Another tenant has its own names.
    expect(await code(createPipeline(services, other, { spec: validSpec(`${name} v2`) }))).toBe('ok');
  });

  it('issues a webhook secret once, when the draft first has a webhook trigger, and keeps only its hash', async () => {
    const created = await createPipeline(services, scope, { spec: validSpec(uniqueName()) });
    expect(created.webhookSecret).toBeNull();
    const spec = { ...validSpec(created.pipeline.name), triggers: [{ type: 'webhook' }] };
    const first = await updatePipeline(services, scope, { id: created.pipeline.id, spec });
    expect(first.webhookSecret).toMatch(/^ffwh_[A-Za-z0-9_-]{43}$/);
    expect(first.pipeline.hasWebhookSecret).toBe(true);
    expect((await updatePipeline(services, scope, { id: created.pipeline.id, spec })).webhookSecret).toBeNull();
    const [row] = await t.database.db.withTenant(scope.tenantId, (tx) => tx.select().from(schema.pipelines).where(eq(schema.pipelines.id, created.pipeline.id)));
    expect(row?.webhookSecretHash).toBe(createHash('sha256').update(first.webhookSecret!).digest('hex'));
    expect(JSON.stringify(row?.draftSpec)).not.toContain(first.webhookSecret!);
  });

  it('lists newest change first, page by page, without archived ones unless asked', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await createPipeline(services, scope, { spec: validSpec(uniqueName()) })).pipeline.id);
    const first = await listPipelines(services, scope, { limit: 2 });
    const second = await listPipelines(services, scope, { limit: 2, cursor: first.nextCursor! });
    expect(first.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    expect(second.items[0]?.id).toBe(ids[0]);
    expect(new Set([...first.items, ...second.items].map((p) => p.id)).size).toBe(first.items.length + second.items.length);
    await deletePipeline(services, scope, { id: ids[2]!, mode: 'archive' });
    expect((await listPipelines(services, scope, { limit: 200 })).items.map((p) => p.id)).not.toContain(ids[2]);
    expect((await listPipelines(services, scope, { status: 'archived', limit: 200 })).items.map((p) => p.id)).toContain(ids[2]);
    expect((await listPipelines(services, other, { limit: 200 })).items.every((p) => p.tenantId === other.tenantId)).toBe(true);
  });
});

describe('publishing', () => {
  it('refuses an invalid draft with every problem, and writes no version', async () => {
    const { pipeline } = await createPipeline(services, scope, { spec: { name: uniqueName(), triggers: [], stages: [{ id: 'x', use: 'source.nope' }] } });
    const refusal = await publishPipeline(services, scope, { id: pipeline.id }).catch((e: { code: string; details: { problems: Array<{ code: string }> } }) => e);
    expect(refusal).toMatchObject({ code: 'INVALID' });
    expect((refusal as { details: { problems: Array<{ code: string }> } }).details.problems.map((p) => p.code).sort()).toEqual(['invalid_spec', 'unknown_component']);
    expect((await listPipelineVersions(services, scope, { id: pipeline.id })).versions).toEqual([]);
  });

  it('numbers versions from 1, keeps each as published, and makes none for an unchanged draft', async () => {
    const { pipeline } = await createPipeline(services, scope, { spec: validSpec(uniqueName()) });
    const v1 = await publishPipeline(services, scope, { id: pipeline.id, note: 'first' });
    expect(v1).toMatchObject({ published: true, version: { version: 1, note: 'first', copiedFrom: null }, pipeline: { latestVersion: 1 } });
    const again = await publishPipeline(services, scope, { id: pipeline.id });
    expect(again).toMatchObject({ published: false, version: { version: 1 } });

    const spec = validSpec(pipeline.name);
    spec.stages[0]!.with = { count: 10 };
    await updatePipeline(services, scope, { id: pipeline.id, spec });
    expect((await publishPipeline(services, scope, { id: pipeline.id })).version.version).toBe(2);
    // Editing the draft after publishing leaves both versions as they were.
    await updatePipeline(services, scope, { id: pipeline.id, spec: { ...spec, stages: [] } });
    const v1Spec = (await getPipeline(services, scope, { id: pipeline.id, version: 1 })).published?.spec as ReturnType<typeof validSpec>;
    const v2Spec = (await getPipeline(services, scope, { id: pipeline.id })).published?.spec as ReturnType<typeof validSpec>;
    expect(v1Spec.stages[0]?.with).toEqual({ count: 3 });
    expect(v2Spec.stages[0]?.with).toEqual({ count: 10 });
    expect((await listPipelineVersions(services, scope, { id: pipeline.id })).versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it('rolls back by publishing a copy of the older version as the next one', async () => {
    const id = await published();
    const detail = await getPipeline(services, scope, { id });
    const spec = { ...detail.pipeline.draft, stages: validSpec().stages.slice(0, 2) } as ReturnType<typeof validSpec>;
    await updatePipeline(services, scope, { id, spec });
    await publishPipeline(services, scope, { id });
    const rolled = await rollbackPipeline(services, scope, { id, version: 1 });
    expect(rolled.version).toMatchObject({ version: 3, copiedFrom: 1, note: 'Rollback to version 1' });
    const after = await getPipeline(services, scope, { id });
    expect(after.published?.spec).toEqual((await getPipeline(services, scope, { id, version: 1 })).published?.spec);
    expect(after.pipeline.draft).toEqual(after.published?.spec);
    expect(await code(rollbackPipeline(services, scope, { id, version: 3 }))).toBe('CONFLICT');
    expect(await code(rollbackPipeline(services, scope, { id, version: 9 }))).toBe('NOT_FOUND');
  });
});

describe('diff', () => {
  it('names added, removed and changed stages, and other changes, at their paths', async () => {
    const id = await published();
    const spec = validSpec((await getPipeline(services, scope, { id })).pipeline.name);
    spec.stages[1]!.with = { field: 'n', factor: 3 };
    spec.stages = [spec.stages[0]!, spec.stages[1]!, { id: 'emit_all', use: 'sink.test-events', needs: ['double'] }];
    spec.params = { factor: { type: 'number', default: 5 } };
    await updatePipeline(services, scope, { id, spec });

    const { diff } = await diffPipeline(services, scope, { id });
    expect(diff).toMatchObject({ from: 1, to: 'draft', identical: false });
    expect(diff.stages.added).toEqual(['emit_all']);
    expect(diff.stages.removed).toEqual(['emit']);
    expect(diff.stages.changed).toEqual([{ stageId: 'double', changes: [{ path: ['with', 'factor'], kind: 'changed', before: 2, after: 3 }] }]);
    expect(diff.spec).toEqual([{ path: ['params', 'factor', 'default'], kind: 'changed', before: 2, after: 5 }]);

    await publishPipeline(services, scope, { id });
    expect((await diffPipeline(services, scope, { id, from: 2, to: 'draft' })).diff.identical).toBe(true);
    expect((await diffPipeline(services, scope, { id, from: 2, to: 1 })).diff.stages).toMatchObject({ added: ['emit'], removed: ['emit_all'] });
  });
});

describe('start, stop, archive and delete', () => {
  it('starts only a published pipeline and stops an active one', async () => {
    const { pipeline } = await createPipeline(services, scope, { spec: validSpec(uniqueName()) });
    expect(await code(startPipeline(services, scope, { id: pipeline.id }))).toBe('CONFLICT');
    expect(await planStopPipeline(services, scope, { id: pipeline.id })).toMatch(/not active: stopping it changes nothing/);
    await publishPipeline(services, scope, { id: pipeline.id });
    expect(await startPipeline(services, scope, { id: pipeline.id })).toMatchObject({ changed: true, pipeline: { status: 'active' } });
    expect((await startPipeline(services, scope, { id: pipeline.id })).changed).toBe(false);
    expect(await planStopPipeline(services, scope, { id: pipeline.id })).toMatch(/^Stop pipeline/);
    expect(await stopPipeline(services, scope, { id: pipeline.id })).toMatchObject({ changed: true, pipeline: { status: 'paused' } });
  });

  it('plans what goes, archives keeping history, deletes with versions and runs', async () => {
    const id = await published();
    await queueRun(services, scope, { pipelineId: id, trigger: 'manual' });
    await queueRun(services, scope, { pipelineId: id, trigger: 'manual' });
    expect(await planDeletePipeline(services, scope, { id, mode: 'delete' })).toMatch(/with its draft, 1 version and 2 runs/);
    expect(await planDeletePipeline(services, scope, { id, mode: 'archive' })).toMatch(/Its 1 version and 2 runs stay readable/);

    expect(await deletePipeline(services, scope, { id, mode: 'archive' })).toEqual({ mode: 'archive', versions: 1, runs: 2 });
    expect((await getPipeline(services, scope, { id })).pipeline.status).toBe('archived');
    expect(await code(updatePipeline(services, scope, { id, spec: validSpec(uniqueName()) }))).toBe('CONFLICT');
    expect(await code(publishPipeline(services, scope, { id }))).toBe('CONFLICT');
    expect(await code(queueRun(services, scope, { pipelineId: id, trigger: 'manual' }))).toBe('CONFLICT');

    expect(await deletePipeline(services, scope, { id, mode: 'delete' })).toEqual({ mode: 'delete', versions: 1, runs: 2 });
    expect(await code(getPipeline(services, scope, { id }))).toBe('NOT_FOUND');
  });

  it("finds none of another tenant's pipelines", async () => {
    const id = await published();
    // Thunks, so each attempt starts only when the one before has settled: no rejection waits unobserved.
    for (const attempt of [
      () => getPipeline(services, other, { id }),
      () => updatePipeline(services, other, { id, spec: validSpec(uniqueName()) }),
      () => publishPipeline(services, other, { id }),
      () => rollbackPipeline(services, other, { id, version: 1 }),
      () => diffPipeline(services, other, { id }),
      () => deletePipeline(services, other, { id, mode: 'delete' }),
      () => startPipeline(services, other, { id }),
      () => queueRun(services, other, { pipelineId: id, trigger: 'manual' }),
    ]) {
      expect(await code(attempt())).toBe('NOT_FOUND');
    }
    expect((await getPipeline(services, scope, { id })).pipeline.status).toBe('draft');
  });
});

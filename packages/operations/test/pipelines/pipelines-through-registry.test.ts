import type { Principal } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineSeeds, useTestCatalog, validSpec } from './pipeline-fixtures.ts';

let t: TestPlatform;
let tenant: TestTenant;
let engineer: Principal;

interface Refusal {
  code: string;
  details: { problems?: Array<{ code: string; path: unknown[] }>; plan?: string; confirmationToken?: string };
}
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: Refusal) => e);

beforeAll(async () => {
  t = await createTestPlatform();
  useTestCatalog(t);
  tenant = await t.createTenant('Registry Pipelines');
  engineer = await t.memberPrincipal(tenant.tenantId, 'engineer');
});
afterAll(() => t?.close());

describe('pipelines through the registry', () => {
  it('takes a broken draft, names its problems, and publishes once they are fixed', async () => {
    const broken = { name: 'Oven average', triggers: [{ type: 'manual' }], stages: [{ id: 'read', use: 'source.counter-rows', with: { count: 0 } }, { id: 'emit', use: 'sink.test-events', needs: ['reed'] }] };
    const created = (await t.call(engineer, 'pipelines.create', { spec: broken })) as { pipeline: { id: string }; problems: Array<{ code: string; path: unknown[] }> };
    expect(created.problems.map((p) => [p.code, p.path])).toEqual([
      ['invalid_config', ['stages', 0, 'with', 'count']],
      ['missing_input', ['stages', 1, 'needs', 0]],
    ]);
    const id = created.pipeline.id;
    const refused = await refusal(t.call(engineer, 'pipelines.publish', { id }));
    expect(refused.code).toBe('INVALID');
    expect(refused.details.problems).toEqual(created.problems);

    await t.call(engineer, 'pipelines.update', { id, spec: validSpec('Oven average') });
    expect(await t.call(engineer, 'pipelines.validate', { id })).toEqual({ valid: true, problems: [] });
    expect(await t.call(engineer, 'pipelines.publish', { id, note: 'first' })).toMatchObject({ published: true, version: { version: 1, note: 'first' } });
    expect(await t.call(engineer, 'pipelines.start', { id })).toMatchObject({ changed: true, pipeline: { status: 'active', latestVersion: 1 } });
  });

  it('stops an active pipeline only once confirmed, and deletes only for a governor', async () => {
    const id = await pipelineSeeds(t, tenant.tenantId).published();
    await t.call(engineer, 'pipelines.start', { id });
    const asked = await refusal(t.call(engineer, 'pipelines.stop', { id }));
    expect(asked.code).toBe('NEEDS_CONFIRMATION');
    expect(asked.details.plan).toMatch(/^Stop pipeline/);
    expect(((await t.call(engineer, 'pipelines.get', { id })) as { pipeline: { status: string } }).pipeline.status).toBe('active');
    await t.call(engineer, 'pipelines.stop', { id, confirmationToken: asked.details.confirmationToken });
    expect(((await t.call(engineer, 'pipelines.get', { id })) as { pipeline: { status: string } }).pipeline.status).toBe('paused');

    expect((await refusal(t.call(engineer, 'pipelines.delete', { id, mode: 'delete' }))).code).toBe('FORBIDDEN');
    const admin = await t.memberPrincipal(tenant.tenantId, 'admin');
    const plan = await refusal(t.call(admin, 'pipelines.delete', { id, mode: 'delete' }));
    expect(plan.details.plan).toMatch(/1 version and 0 runs/);
    expect(await t.call(admin, 'pipelines.delete', { id, mode: 'delete', confirmationToken: plan.details.confirmationToken })).toEqual({ mode: 'delete', versions: 1, runs: 0 });
    expect((await refusal(t.call(admin, 'pipelines.get', { id }))).code).toBe('NOT_FOUND');
  });

  it('diffs and rolls back versions', async () => {
    const seeds = pipelineSeeds(t, tenant.tenantId);
    const id = await seeds.twoVersions();
    const { diff } = (await t.call(engineer, 'pipelines.diff', { id, from: 1, to: 2 })) as { diff: { stages: { changed: unknown[] }; spec: Array<{ path: unknown[] }> } };
    expect(diff.stages.changed).toEqual([{ stageId: 'read', changes: [{ path: ['with', 'count'], kind: 'changed', before: 3, after: 10 }] }]);
    expect(diff.spec.map((change) => change.path)).toEqual([['name']]);
    expect(await t.call(engineer, 'pipelines.rollback', { id, version: 1 })).toMatchObject({ version: { version: 3, copiedFrom: 1 } });
    const versions = (await t.call(engineer, 'pipelines.versions', { id })) as { versions: Array<{ version: number }> };
    expect(versions.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(((await t.call(engineer, 'pipelines.diff', { id, from: 1, to: 3 })) as { diff: { identical: boolean } }).diff.identical).toBe(true);
  });

  it('shows runs and their steps to a viewer, and components with their config schema', async () => {
    const seeds = pipelineSeeds(t, tenant.tenantId);
    const pipelineId = await seeds.published();
    const runId = await seeds.recordedRun(pipelineId);
    const viewer = await t.memberPrincipal(tenant.tenantId, 'viewer');
    expect(await t.call(viewer, 'runs.get', { id: runId })).toMatchObject({ run: { id: runId, pipelineId, version: 1, status: 'running' }, steps: { succeeded: 1 } });
    expect(await t.call(viewer, 'runs.steps', { runId })).toMatchObject({ items: [{ stageId: 'read', status: 'succeeded', rowsOut: 1, outputSample: [{ n: 0 }] }], nextCursor: null });
    expect(((await t.call(viewer, 'runs.list', { pipelineId })) as { items: Array<{ id: string }> }).items.map((r) => r.id)).toEqual([runId]);
    const { component } = (await t.call(viewer, 'components.get', { name: 'transform.scale-rows' })) as { component: { configSchema: { required: string[] } } };
    expect(component.configSchema.required).toEqual(['field', 'factor']);
    expect((await refusal(t.call(viewer, 'pipelines.create', { spec: validSpec() }))).code).toBe('FORBIDDEN');
  });
});

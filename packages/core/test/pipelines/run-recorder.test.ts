import { STEP_SAMPLE_ROWS, type TenantScope } from '@facilflow/contracts';
import { createPipeline, createPostgresRunRecorder, getRun, listRuns, listRunSteps, publishPipeline, queueRun, RECORD_BOUNDS, type Services } from '@facilflow/core';
import type { StepRecord } from '@facilflow/pipelines';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, validSpec } from './test-catalog.ts';

let t: TestPlatform;
let services: Services;
let scope: TenantScope;
let other: TenantScope;
let pipelineId: string;
let clock = Date.UTC(2026, 0, 5, 8);
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 5, 9) + seconds * 1000);

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);

beforeAll(async () => {
  t = await createTestPlatform();
  services = { ...t.platform.services, pipelineEngine: testEngine, now: () => new Date((clock += 1000)) };
  const a = await t.createTenant('Runs A');
  const b = await t.createTenant('Runs B');
  scope = { tenantId: a.tenantId, actor: a.ownerPrincipal.actor, role: 'owner' };
  other = { tenantId: b.tenantId, actor: b.ownerPrincipal.actor, role: 'owner' };
  pipelineId = (await createPipeline(services, scope, { spec: validSpec() })).pipeline.id;
  await publishPipeline(services, scope, { id: pipelineId });
});
afterAll(() => t?.close());

const step = (runId: string, overrides: Partial<StepRecord> = {}): StepRecord => ({
  runId, stageId: 'read', attempt: 1, status: 'running', rowsIn: 0, rowsOut: 0, inputSample: [], outputSample: [], error: null, startedAt: at(0), endedAt: null, ...overrides,
});

describe('queued runs', () => {
  it('pin the latest version and resolve params against the spec', async () => {
    const run = await queueRun(services, scope, { pipelineId, trigger: 'manual', range: { from: at(0), to: at(60) } });
    expect(run).toMatchObject({ version: 1, status: 'queued', trigger: 'manual', params: { factor: 2 }, rangeFrom: at(0).toISOString(), replayOf: null, startedAt: null });
    expect((await queueRun(services, scope, { pipelineId, trigger: 'manual', params: { factor: 4 } })).params).toEqual({ factor: 4 });
    expect(await code(queueRun(services, scope, { pipelineId, trigger: 'manual', params: { factor: 'four' } }))).toBe('INVALID');
    expect(await code(queueRun(services, scope, { pipelineId, trigger: 'manual', params: { other: 1 } }))).toBe('INVALID');
    expect(await code(queueRun(services, scope, { pipelineId, trigger: 'manual', version: 2 }))).toBe('NOT_FOUND');
    expect(await code(queueRun(services, scope, { pipelineId, trigger: 'manual', range: { from: at(60), to: at(0) } }))).toBe('INVALID');
  });
});

describe('the Postgres run recorder', () => {
  it('records a run from start to end; the first end wins', async () => {
    const run = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
    const recorder = createPostgresRunRecorder(services, scope.tenantId);
    await recorder.runStatus(run.id, 'running', { at: at(1) });
    await recorder.runStatus(run.id, 'paused', { at: at(2) });
    await recorder.runStatus(run.id, 'running', { at: at(3) });
    await recorder.runStatus(run.id, 'failed', { at: at(4), error: { message: 'boom', path: ['stages', 1] } });
    await recorder.runStatus(run.id, 'succeeded', { at: at(5) });
    expect((await getRun(services, scope, { id: run.id })).run).toMatchObject({
      status: 'failed', startedAt: at(1).toISOString(), endedAt: at(4).toISOString(), error: { message: 'boom', path: ['stages', 1] },
    });
  });

  it('keeps each attempt of a step, updated in place, with bounded samples and its duration', async () => {
    const run = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
    const recorder = createPostgresRunRecorder(services, scope.tenantId);
    const many = Array.from({ length: 100 }, (_, n) => ({ time: n, n, note: 'x'.repeat(5000) }));
    await recorder.step(step(run.id));
    await recorder.step(step(run.id, { status: 'failed', endedAt: at(2), error: { message: 'timeout', path: ['stages', 0] } }));
    await recorder.step(step(run.id, { attempt: 2, startedAt: at(3), endedAt: at(4.5), status: 'succeeded', rowsOut: 100, outputSample: many }));
    await recorder.step(step(run.id, { stageId: 'double', startedAt: at(5), status: 'running', rowsIn: 100, inputSample: many }));

    const { items, nextCursor } = await listRunSteps(services, scope, { runId: run.id, limit: 10 });
    expect(nextCursor).toBeNull();
    expect(items.map((s) => [s.stageId, s.attempt, s.status, s.durationMs])).toEqual([
      ['read', 1, 'failed', 2000],
      ['read', 2, 'succeeded', 1500],
      ['double', 1, 'running', null],
    ]);
    const sample = items[1]!.outputSample;
    expect(sample).toHaveLength(STEP_SAMPLE_ROWS);
    expect(sample[0]?.note).toHaveLength(RECORD_BOUNDS.sampleStringChars + 1);
    expect(Buffer.byteLength(JSON.stringify(sample))).toBeLessThanOrEqual(RECORD_BOUNDS.sampleBytes);
    expect((await listRunSteps(services, scope, { runId: run.id, stageId: 'read', limit: 1 })).items).toHaveLength(1);
    const second = await listRunSteps(services, scope, { runId: run.id, limit: 2 });
    expect((await listRunSteps(services, scope, { runId: run.id, limit: 2, cursor: second.nextCursor! })).items.map((s) => s.stageId)).toEqual(['double']);
    // The latest attempt of each stage counts.
    expect((await getRun(services, scope, { id: run.id })).steps).toMatchObject({ succeeded: 1, running: 1, failed: 0 });
  });

  it('keeps outputs within bounds for replay, and declines larger ones', async () => {
    const run = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
    const recorder = createPostgresRunRecorder(services, scope.tenantId);
    const rows = [{ time: 1, n: 1 }];
    expect(await recorder.keepOutput(run.id, 'read', { rows, ports: { skipped: [{ time: 2, n: null }] } })).toBe(true);
    expect(await recorder.keptOutput(run.id, 'read')).toEqual({ rows, ports: { skipped: [{ time: 2, n: null }] } });
    const tooMany = Array.from({ length: RECORD_BOUNDS.keptRows + 1 }, (_, n) => ({ n }));
    expect(await recorder.keepOutput(run.id, 'double', { rows: tooMany, ports: {} })).toBe(false);
    const tooBig = Array.from({ length: 3 }, () => ({ blob: 'y'.repeat(RECORD_BOUNDS.keptBytes / 2) }));
    expect(await recorder.keepOutput(run.id, 'double', { rows: tooBig, ports: {} })).toBe(false);
    expect(await recorder.keptOutput(run.id, 'double')).toBeNull();
  });

  it('records a succeeded step with its kept output in one write, and still declines a larger output', async () => {
    const run = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
    const recorder = createPostgresRunRecorder(services, scope.tenantId);
    if (!recorder.stepWithOutput) throw new Error('the Postgres recorder writes a step with its output');
    const rows = [{ time: 1, n: 1 }];
    const succeeded = step(run.id, { status: 'succeeded', rowsOut: 1, outputSample: rows, endedAt: at(2) });
    expect(await recorder.stepWithOutput(succeeded, { rows, ports: {} })).toBe(true);
    expect(await recorder.keptOutput(run.id, 'read')).toEqual({ rows, ports: {} });
    expect((await listRunSteps(services, scope, { runId: run.id, limit: 10 })).items).toMatchObject([{ stageId: 'read', status: 'succeeded', durationMs: 2000 }]);
    const tooMany = Array.from({ length: RECORD_BOUNDS.keptRows + 1 }, (_, n) => ({ n }));
    expect(await recorder.stepWithOutput(step(run.id, { stageId: 'double', status: 'succeeded' }), { rows: tooMany, ports: {} })).toBe(false);
    expect(await recorder.keptOutput(run.id, 'double')).toBeNull();
    const intruder = createPostgresRunRecorder(services, other.tenantId);
    expect(await code(intruder.stepWithOutput?.(step(run.id, { status: 'succeeded' }), { rows, ports: {} }) ?? Promise.resolve())).toBe('NOT_FOUND');
  });

  it("cannot write to or read another tenant's run", async () => {
    const run = await queueRun(services, scope, { pipelineId, trigger: 'manual' });
    const intruder = createPostgresRunRecorder(services, other.tenantId);
    await createPostgresRunRecorder(services, scope.tenantId).keepOutput(run.id, 'read', { rows: [{ n: 1 }], ports: {} });
    expect(await code(intruder.runStatus(run.id, 'cancelled', { at: at(1) }))).toBe('NOT_FOUND');
    expect(await code(intruder.step(step(run.id)))).toBe('NOT_FOUND');
    expect(await code(intruder.keepOutput(run.id, 'read', { rows: [], ports: {} }))).toBe('NOT_FOUND');
    expect(await intruder.keptOutput(run.id, 'read')).toBeNull();
    expect(await code(getRun(services, other, { id: run.id }))).toBe('NOT_FOUND');
    expect(await code(listRunSteps(services, other, { runId: run.id, limit: 10 }))).toBe('NOT_FOUND');
    expect((await listRuns(services, other, { limit: 200 })).items).toEqual([]);
    expect((await getRun(services, scope, { id: run.id })).run.status).toBe('queued');
  });
});

describe('run lists', () => {
  it('list newest first, by pipeline and status, page by page', async () => {
    const { pipeline } = await createPipeline(services, scope, { spec: validSpec('Second pipeline') });
    await publishPipeline(services, scope, { id: pipeline.id });
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push((await queueRun(services, scope, { pipelineId: pipeline.id, trigger: 'manual' })).id);
    const first = await listRuns(services, scope, { pipelineId: pipeline.id, limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual([mine[2], mine[1]]);
    expect(first.items[0]?.pipelineName).toBe('Second pipeline');
    expect((await listRuns(services, scope, { pipelineId: pipeline.id, limit: 2, cursor: first.nextCursor! })).items.map((r) => r.id)).toEqual([mine[0]]);
    expect((await listRuns(services, scope, { status: 'failed', limit: 200 })).items.every((r) => r.status === 'failed')).toBe(true);
  });
});

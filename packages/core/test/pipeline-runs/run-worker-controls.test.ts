import type { TenantScope } from '@facilflow/contracts';
import { controlRun, processPipelineRuns, type PipelineRunWorker, type Services } from '@facilflow/core';
import { createTestPlatform, type TestPlatform } from '@facilflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEnded, runWhen, stageEvent, startRunOf } from './worker-helpers.ts';
import { stageEvents, workerTestEngine } from './worker-test-components.ts';

/**
 * The run worker end to end on the real queue: operators' controls reach it over the bus, and
 * timeouts, cancels, retries and try/catch leave a record that says what happened.
 */
let t: TestPlatform;
let services: Services;
let scope: TenantScope;
let worker: PipelineRunWorker;

const source = { id: 'src', use: 'source.counter-rows', with: { count: 2 } };
const noWait = { type: 'fixed', delayMs: 0, maxDelayMs: 0 };

beforeAll(async () => {
  t = await createTestPlatform();
  t.platform.services.pipelineEngine = workerTestEngine;
  services = t.platform.services;
  const tenant = await t.createTenant('Worker controls');
  scope = { tenantId: tenant.tenantId, actor: tenant.ownerPrincipal.actor, role: 'owner' };
  worker = await processPipelineRuns(services, { concurrency: 4, recheckMs: 10 });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

describe('the run worker under operators and failures', () => {
  it('pauses a running run between stages, steps one stage, and finishes it on resume', async () => {
    const run = await startRunOf(services, scope, 'Pause and step', [
      source,
      { id: 'first', use: 'transform.test-wait', with: { ms: 150 }, needs: ['src'] },
      { id: 'second', use: 'transform.test-wait', with: { ms: 0 }, needs: ['first'] },
      { id: 'third', use: 'transform.test-wait', with: { ms: 0 }, needs: ['second'] },
    ]);
    await stageEvent((e) => e.runId === run.id && e.stageId === 'first' && e.event === 'started');
    await controlRun(services, scope, { id: run.id }, 'pause');
    const paused = await runWhen(services, scope, run.id, (r) => r.status === 'paused');
    expect(paused.steps.map((s) => [s.stageId, s.status])).toEqual([['src', 'succeeded'], ['first', 'succeeded']]);

    await controlRun(services, scope, { id: run.id }, 'step');
    const stepped = await runWhen(services, scope, run.id, (r, steps) => r.status === 'paused' && steps.some((s) => s.stageId === 'second' && s.status === 'succeeded'));
    expect(stepped.steps.map((s) => s.stageId)).toEqual(['src', 'first', 'second']);

    await controlRun(services, scope, { id: run.id }, 'resume');
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('succeeded');
    expect(steps.map((s) => [s.stageId, s.status])).toEqual([['src', 'succeeded'], ['first', 'succeeded'], ['second', 'succeeded'], ['third', 'succeeded']]);
  });

  it('ends a run whose stage times out: the step and the run are timed_out, the step with its error and stage path, nothing left running', async () => {
    const run = await startRunOf(services, scope, 'Timeout', [
      source,
      { id: 'slow', use: 'transform.test-wait', needs: ['src'], errorPolicy: { timeoutMs: 100 } },
      { id: 'after', use: 'transform.test-wait', with: { ms: 0 }, needs: ['slow'] },
    ]);
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('timed_out');
    expect(steps.map((s) => [s.stageId, s.status])).toEqual([['src', 'succeeded'], ['slow', 'timed_out'], ['after', 'skipped']]);
    expect(steps.find((s) => s.stageId === 'slow')?.error).toEqual({ message: 'timed out after 100 ms', path: ['stages', 1], code: 'timeout' });
    expect(steps.some((s) => s.status === 'running')).toBe(false);
    expect(stageEvents.some((e) => e.runId === run.id && e.stageId === 'slow' && e.event === 'aborted')).toBe(true);
    expect(stageEvents.some((e) => e.runId === run.id && e.stageId === 'after')).toBe(false);
  });

  it('cancels a running run: the abort reaches the running stage, no later stage starts, the run ends cancelled', async () => {
    const run = await startRunOf(services, scope, 'Cancel', [
      source,
      { id: 'hold', use: 'transform.test-wait', needs: ['src'] },
      { id: 'after', use: 'transform.test-wait', with: { ms: 0 }, needs: ['hold'] },
    ]);
    await stageEvent((e) => e.runId === run.id && e.stageId === 'hold' && e.event === 'started');
    const { delivered } = await controlRun(services, scope, { id: run.id }, 'cancel');
    expect(delivered).toBe(true);
    await stageEvent((e) => e.runId === run.id && e.stageId === 'hold' && e.event === 'aborted');
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('cancelled');
    expect(steps.map((s) => [s.stageId, s.status])).toEqual([['src', 'succeeded'], ['hold', 'cancelled'], ['after', 'cancelled']]);
    expect(stageEvents.some((e) => e.runId === run.id && e.stageId === 'after')).toBe(false);
  });

  it('retries a stage that fails twice with backoff, each attempt recorded, and the run succeeds', async () => {
    const run = await startRunOf(services, scope, 'Retry', [
      source,
      { id: 'flaky', use: 'transform.test-flaky', with: { failures: 2 }, needs: ['src'], errorPolicy: { retries: 3, backoff: { type: 'exponential', delayMs: 10, maxDelayMs: 40 } } },
    ]);
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('succeeded');
    const attempts = steps.filter((s) => s.stageId === 'flaky').map((s) => [s.attempt, s.status, s.error?.message ?? null]);
    expect(attempts).toEqual([[1, 'failed', 'attempt 1 broke'], [2, 'failed', 'attempt 2 broke'], [3, 'succeeded', null]]);
  });

  it('routes a stage that keeps failing inside try/catch to the catch branch, and the run succeeds', async () => {
    const run = await startRunOf(services, scope, 'Try catch', [
      source,
      {
        id: 'guard',
        use: 'control.try-catch',
        with: { stages: [{ id: 'rows', use: 'control.input' }, { id: 'shaky', use: 'transform.test-flaky', with: { failures: 10 }, needs: ['rows'], errorPolicy: { retries: 1, backoff: noWait } }] },
        needs: ['src'],
      },
      { id: 'on_success', use: 'transform.test-wait', with: { ms: 0 }, needs: ['guard'] },
      { id: 'on_error', use: 'transform.test-wait', with: { ms: 0 }, needs: ['guard.error'] },
    ]);
    const { run: ended, steps } = await runEnded(services, scope, run.id);
    expect(ended.status).toBe('succeeded');
    expect(Object.fromEntries(steps.map((s) => [s.stageId, s.status]))).toEqual({ src: 'succeeded', guard: 'succeeded', on_success: 'skipped', on_error: 'succeeded' });
    expect(steps.find((s) => s.stageId === 'on_error')?.inputSample).toEqual([{ stage: 'shaky', message: 'attempt 2 broke', attempt: 2, status: 'failed', code: null, path: 'stages.1' }]);
  });

  it('runs a 40-stage chain, its job redelivered meanwhile, without a MaxListenersExceededWarning (listeners go when they are done)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const chain = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, use: 'transform.test-wait', with: { ms: 0 }, needs: [i === 0 ? 'src' : `s${i - 1}`], errorPolicy: { timeoutMs: 60_000 } }));
      const run = await startRunOf(services, scope, 'Forty stages', [source, ...chain]);
      await stageEvent((e) => e.runId === run.id && e.stageId === 's0' && e.event === 'started');
      // A second job for the held run waits for it, looking again every recheck.
      const results: unknown[] = [];
      const stop = services.queue.onJobEvent((event) => { if (event.type === 'completed' && event.jobId === `${run.id}.again`) results.push(event.result); });
      await services.queue.add('pipeline-runs', 'run', { tenantId: scope.tenantId, runId: run.id }, { jobId: `${run.id}.again` });
      const { run: ended, steps } = await runEnded(services, scope, run.id);
      expect(ended.status).toBe('succeeded');
      expect(steps).toHaveLength(41);
      while (results.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      stop();
      expect(results).toEqual([{ runId: run.id, executed: false, reason: 'the run is succeeded' }]);
      // Warnings are emitted on the next tick: let it pass before looking.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

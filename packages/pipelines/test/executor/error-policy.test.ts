import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { RUN, rows, spec, testComponents, unusedServices } from './test-components.ts';

const noWait = { type: 'fixed', delayMs: 0, maxDelayMs: 0 } as const;

function setup() {
  const components = testComponents();
  const recorder = new InMemoryRunRecorder();
  const steps = (stageId: string) => recorder.getSteps('run-1').filter((step) => step.stageId === stageId);
  return { ...components, recorder, steps, options: { run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, components: components.lookup } };
}

describe('executeRun: error policy', () => {
  it('retries a failing stage, records every attempt, then routes the error to the stages needing its error port', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'src', use: 'source.test-emit', with: { rows: rows(1, 2) } },
        { id: 'shaky', use: 'transform.test-flaky', with: { failures: 5 }, needs: ['src'], errorPolicy: { retries: 2, backoff: noWait, onError: 'route' } },
        { id: 'on_success', use: 'transform.test-pass', needs: ['shaky'] },
        { id: 'on_error', use: 'transform.test-pass', needs: ['shaky.error'] },
      ]),
    });
    expect(outcome.status).toBe('succeeded');
    expect(t.steps('shaky').map((step) => [step.attempt, step.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(t.steps('shaky')[2]?.error).toMatchObject({ message: 'attempt 3 broke', path: ['stages', 1] });
    expect(t.steps('shaky')[0]?.inputSample).toEqual(rows(1, 2));
    expect(t.steps('on_success').at(-1)?.status).toBe('skipped');
    const handled = t.steps('on_error').at(-1);
    expect(handled?.status).toBe('succeeded');
    expect(handled?.inputSample).toEqual([{ stage: 'shaky', message: 'attempt 3 broke', attempt: 3, status: 'failed', code: null, path: 'stages.1' }]);
  });

  it('succeeds on a retry, leaving the error route untaken', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'shaky', use: 'transform.test-flaky', with: { failures: 1 }, errorPolicy: { retries: 1, backoff: noWait, onError: 'route' } },
        { id: 'on_error', use: 'transform.test-pass', needs: ['shaky.error'] },
      ]),
    });
    expect(outcome.stages).toEqual({ shaky: 'succeeded', on_error: 'skipped' });
    expect(t.steps('shaky').map((step) => step.status)).toEqual(['failed', 'succeeded']);
  });

  it('goes on past a failed stage with `continue`, its consumers reading no rows', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'src', use: 'source.test-emit', with: { rows: rows(1) } },
        { id: 'broken', use: 'transform.test-flaky', with: { failures: 1 }, needs: ['src'], errorPolicy: { onError: 'continue' } },
        { id: 'after', use: 'transform.test-pass', needs: ['broken', 'src'] },
      ]),
    });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.stages).toEqual({ src: 'succeeded', broken: 'failed', after: 'succeeded' });
    expect(t.steps('after')[0]?.rowsIn).toBe(1);
  });

  it('fails the run with `fail`, skipping the stages that had not started', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'broken', use: 'transform.test-flaky', with: { failures: 1 } },
        { id: 'after', use: 'transform.test-pass', needs: ['broken'] },
      ]),
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ message: 'attempt 1 broke', path: ['stages', 0] });
    expect(t.recorder.getRun('run-1')).toMatchObject({ status: 'failed', error: { path: ['stages', 0] } });
    expect(t.steps('after').map((step) => step.status)).toEqual(['skipped']);
  });

  it('waits the backoff between attempts, and a cancel during the wait ends the run cancelled', async () => {
    const t = setup();
    const cancel = new AbortController();
    const running = executeRun({
      ...t.options,
      signal: cancel.signal,
      spec: spec([{ id: 'shaky', use: 'transform.test-flaky', with: { failures: 5 }, errorPolicy: { retries: 3, backoff: { type: 'fixed', delayMs: 3_600_000, maxDelayMs: 3_600_000 } } }]),
    });
    await t.recorder.whenStep('run-1', 'shaky', 'failed');
    cancel.abort();
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(t.steps('shaky').map((step) => step.attempt)).toEqual([1]);
  });
});

describe('executeRun: refusals before any stage runs', () => {
  it('fails the run at the param that is wrong, with no step recorded', async () => {
    const t = setup();
    const pipeline = spec([{ id: 'src', use: 'source.test-emit' }], { threshold: { type: 'number' } });
    const missing = await executeRun({ ...t.options, spec: pipeline });
    expect(missing.error).toMatchObject({ path: ['params', 'threshold'], code: 'missing_param' });
    const wrongType = await executeRun({ ...t.options, spec: pipeline, params: { threshold: 'high' } });
    expect(wrongType.error).toMatchObject({ path: ['params', 'threshold'], code: 'invalid_param' });
    expect(t.recorder.getSteps('run-1')).toEqual([]);
  });

  it('applies param defaults', async () => {
    const t = setup();
    const pipeline = spec([{ id: 'src', use: 'source.test-emit' }], { threshold: { type: 'number', default: 230 } });
    await executeRun({ ...t.options, spec: pipeline });
    expect(t.recorder.getRun('run-1')?.params).toEqual({ threshold: 230 });
  });

  it('fails the run at a config its component rejects, and at an unknown component', async () => {
    const t = setup();
    const badConfig = await executeRun({ ...t.options, spec: spec([{ id: 'shaky', use: 'transform.test-flaky', with: { failures: 'many' } }]) });
    expect(badConfig.error).toMatchObject({ path: ['stages', 0, 'with', 'failures'], code: 'invalid_config' });
    const unknown = await executeRun({ ...t.options, spec: spec([{ id: 'src', use: 'source.test-emit' }, { id: 'x', use: 'transform.nope', needs: ['src'] }]) });
    expect(unknown.error).toMatchObject({ path: ['stages', 1, 'use'], code: 'unknown_component' });
    const cycle = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'a', use: 'transform.test-pass', needs: ['b'] },
        { id: 'b', use: 'transform.test-pass', needs: ['a'] },
      ]),
    });
    expect(cycle.error).toMatchObject({ code: 'cycle' });
  });
});

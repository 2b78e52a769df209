import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { RunControl } from '../../src/executor/run-control.ts';
import { RUN, rows, spec, testComponents, unusedServices } from './test-components.ts';

function setup() {
  const components = testComponents();
  const recorder = new InMemoryRunRecorder();
  const statuses = () => Object.fromEntries(recorder.getSteps('run-1').map((step) => [`${step.stageId}#${step.attempt}`, step.status]));
  return { ...components, recorder, statuses, options: { run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, components: components.lookup } };
}

describe('executeRun: timeout and cancel', () => {
  it('ends a stage that ignores its signal at its timeout, retried, then ends the run timed out with a consistent record', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'src', use: 'source.test-emit', with: { rows: rows(1) } },
        { id: 'stuck', use: 'transform.test-hang', needs: ['src'], errorPolicy: { timeoutMs: 20, retries: 1, backoff: { type: 'fixed', delayMs: 0, maxDelayMs: 0 } } },
        { id: 'sibling', use: 'transform.test-hang', needs: ['src'] },
        { id: 'after', use: 'transform.test-pass', needs: ['stuck'] },
      ]),
    });
    expect(outcome.status).toBe('timed_out');
    expect(outcome.error).toMatchObject({ path: ['stages', 1], code: 'timeout' });
    expect(t.statuses()).toEqual({ 'src#1': 'succeeded', 'stuck#1': 'timed_out', 'stuck#2': 'timed_out', 'sibling#1': 'cancelled', 'after#1': 'skipped' });
    expect(t.recorder.getRun('run-1')).toMatchObject({ status: 'timed_out', error: { code: 'timeout' } });
    expect(t.recorder.getRun('run-1')?.endedAt).not.toBeNull();
  });

  it('routes a timeout like any other failure', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'stuck', use: 'transform.test-hang', errorPolicy: { timeoutMs: 10, onError: 'route' } },
        { id: 'on_error', use: 'transform.test-pass', needs: ['stuck.error'] },
      ]),
    });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.result).toMatchObject([{ stage: 'stuck', status: 'timed_out' }]);
  });

  it('cancels mid-run: the running stage ends at once as cancelled, the stages after it are cancelled, the run is cancelled', async () => {
    const t = setup();
    const control = new RunControl();
    const running = executeRun({
      ...t.options,
      control,
      spec: spec([
        { id: 'src', use: 'source.test-emit', with: { rows: rows(1) } },
        { id: 'stuck', use: 'transform.test-hang', needs: ['src'] },
        { id: 'after', use: 'transform.test-pass', needs: ['stuck'] },
      ]),
    });
    await t.recorder.whenStep('run-1', 'stuck', 'running');
    control.cancel('operator stopped it');
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(t.statuses()).toEqual({ 'src#1': 'succeeded', 'stuck#1': 'cancelled', 'after#1': 'cancelled' });
    expect(t.recorder.getRun('run-1')?.status).toBe('cancelled');
  });

  it('runs no stage when its signal is aborted before it starts', async () => {
    const t = setup();
    const cancel = new AbortController();
    cancel.abort();
    const outcome = await executeRun({ ...t.options, signal: cancel.signal, spec: spec([{ id: 'src', use: 'source.test-emit' }]) });
    expect(outcome.status).toBe('cancelled');
    expect(t.statuses()).toEqual({ 'src#1': 'cancelled' });
  });
});

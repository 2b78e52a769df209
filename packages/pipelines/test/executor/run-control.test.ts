import type { RunStatus, StepError } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { RunControl } from '../../src/executor/run-control.ts';
import { RUN, rows, spec, testComponents, unusedServices } from './test-components.ts';

/** Keeps every status the run went through, in order. */
class StatusHistoryRecorder extends InMemoryRunRecorder {
  readonly history: RunStatus[] = [];
  private readonly pauseWaiters = new Map<number, () => void>();

  override runStatus(runId: string, status: RunStatus, facts: { at: Date; error?: StepError | null }): Promise<void> {
    this.history.push(status);
    if (status === 'paused') this.pauseWaiters.get(this.pauses())?.();
    return super.runStatus(runId, status, facts);
  }

  /** Resolves once the run has paused `count` times, so a test acts on a paused run, not a racing one. */
  whenPaused(count: number): Promise<void> {
    if (this.pauses() >= count) return Promise.resolve();
    return new Promise((resolve) => this.pauseWaiters.set(count, resolve));
  }

  private pauses(): number {
    return this.history.filter((status) => status === 'paused').length;
  }
}

const chain = spec([
  { id: 'a', use: 'source.test-emit', with: { rows: rows(1) } },
  { id: 'b', use: 'transform.test-pass', needs: ['a'] },
  { id: 'c', use: 'transform.test-pass', needs: ['b'] },
  { id: 'd', use: 'transform.test-pass', needs: ['c'] },
]);

function setup() {
  const components = testComponents();
  const recorder = new StatusHistoryRecorder();
  const control = new RunControl();
  const ran = () => recorder.getSteps('run-1').filter((step) => step.status === 'succeeded').map((step) => step.stageId);
  const options = { run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, control, components: components.lookup };
  return { recorder, control, ran, options };
}

describe('RunControl: pause, step, resume, breakpoints', () => {
  it('pauses before the first stage, steps one stage at a time, then resumes to the end', async () => {
    const t = setup();
    t.control.pause();
    const running = executeRun({ ...t.options, spec: chain });
    await t.recorder.whenPaused(1);
    expect(t.ran()).toEqual([]);
    expect(t.control.state).toBe('paused');

    t.control.step();
    await t.recorder.whenPaused(2);
    expect(t.ran()).toEqual(['a']);

    t.control.step();
    await t.recorder.whenPaused(3);
    expect(t.ran()).toEqual(['a', 'b']);

    t.control.resume();
    const outcome = await running;
    expect(outcome.status).toBe('succeeded');
    expect(t.ran()).toEqual(['a', 'b', 'c', 'd']);
    expect(t.recorder.history).toEqual(['running', 'paused', 'running', 'paused', 'running', 'paused', 'running', 'succeeded']);
  });

  it('stops at a breakpoint before its stage, and goes past it on resume', async () => {
    const t = setup();
    const withBreakpoint = spec(chain.stages.map((stage) => (stage.id === 'c' ? { ...stage, breakpoint: true } : stage)));
    const running = executeRun({ ...t.options, spec: withBreakpoint });
    await t.recorder.whenPaused(1);
    expect(t.ran()).toEqual(['a', 'b']);
    t.control.resume();
    expect((await running).status).toBe('succeeded');
    expect(t.recorder.history).toEqual(['running', 'paused', 'running', 'succeeded']);
  });

  it('cancels a paused run: nothing more runs and the stages left are cancelled', async () => {
    const t = setup();
    const withBreakpoint = spec(chain.stages.map((stage) => (stage.id === 'b' ? { ...stage, breakpoint: true } : stage)));
    const running = executeRun({ ...t.options, spec: withBreakpoint });
    await t.recorder.whenPaused(1);
    t.control.cancel();
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.stages).toEqual({ a: 'succeeded', b: 'cancelled', c: 'cancelled', d: 'cancelled' });
    expect(t.control.state).toBe('cancelled');
  });

  it('ends a run paused at a breakpoint when a stage already running returns', async () => {
    const t = setup();
    const outcome = await executeRun({
      ...t.options,
      spec: spec([
        { id: 'a', use: 'source.test-emit', with: { rows: rows(1) } },
        { id: 'done', use: 'control.return', needs: ['a'] },
        { id: 'later', use: 'transform.test-pass', needs: ['a'], breakpoint: true },
      ]),
    });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.stages).toMatchObject({ done: 'succeeded', later: 'skipped' });
    expect(t.recorder.history).toEqual(['running', 'paused', 'succeeded']);
  });
});

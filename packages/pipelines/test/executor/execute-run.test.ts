import { describe, expect, it } from 'vitest';
import { executeRun, type ExecuteRunOptions } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { RUN, rows, spec, testComponents, unusedServices } from './test-components.ts';

function setup(runId = 'run-1') {
  const components = testComponents();
  const recorder = new InMemoryRunRecorder();
  const base = (pipeline: ExecuteRunOptions['spec'], extra: Partial<ExecuteRunOptions> = {}): ExecuteRunOptions => ({
    spec: pipeline,
    run: { ...RUN, runId },
    services: unusedServices,
    recorder,
    components: components.lookup,
    ...extra,
  });
  const statusOf = (stageId: string) => recorder.getSteps(runId).filter((step) => step.stageId === stageId).at(-1)?.status;
  return { ...components, recorder, base, statusOf, runId };
}

describe('executeRun: order and parallelism', () => {
  it('starts a stage only after every stage it needs has ended, and passes their rows in needs order', async () => {
    const t = setup();
    const pipeline = spec([
      { id: 'joined', use: 'transform.test-pass', needs: ['left', 'right'] },
      { id: 'left', use: 'source.test-emit', with: { rows: rows(1) } },
      { id: 'middle', use: 'transform.test-pass', needs: ['left'] },
      { id: 'right', use: 'transform.test-pass', needs: ['middle'] },
    ]);
    const outcome = await executeRun(t.base(pipeline));
    expect(outcome.status).toBe('succeeded');
    const at = (event: string) => t.events.indexOf(event);
    expect(at('end:left')).toBeLessThan(at('start:middle'));
    expect(at('end:middle')).toBeLessThan(at('start:right'));
    expect(at('end:right')).toBeLessThan(at('start:joined'));
    expect(t.recorder.getSteps(t.runId).find((step) => step.stageId === 'joined')?.outputSample).toEqual([
      { value: 1, seenBy: '/joined' },
      { value: 1, seenBy: '/middle/right/joined' },
    ]);
    // Without a control.return, the result is the main output of the spec's last stage.
    expect(outcome.result).toEqual([{ value: 1, seenBy: '/middle/right' }]);
    expect(t.recorder.getResult(t.runId)).toEqual(outcome.result);
    expect(t.recorder.getRun(t.runId)?.status).toBe('succeeded');
  });

  it('runs independent stages side by side, never more than the capacity at once', async () => {
    const t = setup();
    const fanOut = spec([
      { id: 'src', use: 'source.test-emit', with: { rows: rows(1) } },
      ...['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, use: 'transform.test-pass', needs: ['src'] })),
    ]);
    await executeRun(t.base(fanOut, { maxConcurrentStages: 2 }));
    expect(t.concurrency.max).toBe(2);

    const wide = setup('run-2');
    await executeRun(wide.base(fanOut, { maxConcurrentStages: 8 }));
    expect(wide.concurrency.max).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { inputComponent } from '../../src/components/control/input.ts';
import { unusedServices } from '../executor/test-components.ts';
import { runPipeline } from './run-pipeline.ts';

describe('control.return', () => {
  it('ends the run on the branch taken, with its input as the result; stages not started are skipped', async () => {
    const { outcome, recorder } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: [{ count: 0 }] } },
      { id: 'empty', use: 'control.conditional', with: { condition: { column: 'count', op: 'eq', value: 0 } }, needs: ['src'] },
      { id: 'stop', use: 'control.return', needs: ['empty.true'] },
      { id: 'report', use: 'transform.test-pass', needs: ['stop'] },
    ]);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.result).toEqual([{ count: 0 }]);
    expect(recorder.getResult('run-1')).toEqual([{ count: 0 }]);
    expect(outcome.stages).toMatchObject({ stop: 'succeeded', report: 'skipped' });
  });

  it('does nothing on a branch not taken', async () => {
    const { outcome } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: [{ count: 3 }] } },
      { id: 'empty', use: 'control.conditional', with: { condition: { column: 'count', op: 'eq', value: 0 } }, needs: ['src'] },
      { id: 'stop', use: 'control.return', needs: ['empty.true'] },
      { id: 'report', use: 'transform.test-pass', needs: ['src'] },
    ]);
    expect(outcome.stages).toMatchObject({ stop: 'skipped', report: 'succeeded' });
    expect(outcome.result).toEqual([{ count: 3, seenBy: '/report' }]);
  });
});

describe('control.input', () => {
  it('outputs the rows handed to the run', async () => {
    const { outcome } = await runPipeline([{ id: 'rows', use: 'control.input' }], { input: [{ a: 1 }] });
    expect(outcome.result).toEqual([{ a: 1 }]);
  });

  it('refuses to run outside the executor', async () => {
    const context = { config: {}, tenantId: 't', pipelineId: 'p', runId: 'r', stageId: 'rows', attempt: 1, params: {}, range: null, vars: new Map(), services: unusedServices, signal: new AbortController().signal, log: () => undefined };
    await expect(inputComponent.run!(context, [])).rejects.toThrow(/only inside the pipeline executor/);
  });
});

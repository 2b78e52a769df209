import { describe, expect, it } from 'vitest';
import { forEachComponent } from '../../src/components/control/for-each.ts';
import { runPipeline } from './run-pipeline.ts';

const readings = [
  { machine: 'Oven1', temp: 1 },
  { machine: 'Oven2', temp: 2 },
  { machine: 'Oven1', temp: 3 },
  { machine: 'Oven3', temp: 4 },
  { machine: 'Oven4', temp: 5 },
  { machine: 'Oven5', temp: 6 },
];
const body = [
  { id: 'item', use: 'control.input' },
  { id: 'work', use: 'transform.test-pass', needs: ['item'] },
];

describe('control.for-each', () => {
  it('accepts its example and refuses a concurrency of 0', () => {
    for (const example of forEachComponent.examples) expect(forEachComponent.config.safeParse(example.with).success).toBe(true);
    expect(forEachComponent.config.safeParse({ stages: body, concurrency: 0 }).success).toBe(false);
  });

  it('runs the body per row, never more items at once than its concurrency, results in item order', async () => {
    const { outcome, components, lastStep } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: readings } },
      { id: 'each', use: 'control.for-each', with: { stages: body, concurrency: 2 }, needs: ['src'] },
    ]);
    expect(outcome.status).toBe('succeeded');
    expect(components.concurrency.max).toBe(2);
    expect(outcome.result.map((row) => row.temp)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lastStep('each')).toMatchObject({ rowsIn: 6, rowsOut: 6 });
  });

  it('makes one item per group of the groupBy columns', async () => {
    const { outcome, components } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: readings } },
      { id: 'each', use: 'control.for-each', with: { stages: body, groupBy: ['machine'], concurrency: 8 }, needs: ['src'] },
    ]);
    expect(components.events.filter((event) => event === 'start:work')).toHaveLength(5);
    expect(components.concurrency.max).toBe(5);
    expect(outcome.result.map((row) => row.temp)).toEqual([1, 3, 2, 4, 5, 6]);
  });

  it('fails with the failing item and body stage in the error path', async () => {
    const { outcome } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: readings.slice(0, 1) } },
      {
        id: 'each',
        use: 'control.for-each',
        with: { stages: [{ id: 'item', use: 'control.input' }, { id: 'broken', use: 'transform.test-flaky', with: { failures: 1 }, needs: ['item'] }] },
        needs: ['src'],
      },
    ]);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ path: ['stages', 1, 'items', 0, 'stages', 1], message: 'item 0 failed: attempt 1 broke' });
  });

  it('refuses more items than maxItems without retrying', async () => {
    const { outcome, recorder } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: readings } },
      { id: 'each', use: 'control.for-each', with: { stages: body, maxItems: 5 }, needs: ['src'], errorPolicy: { retries: 3, backoff: { type: 'fixed', delayMs: 0, maxDelayMs: 0 } } },
    ]);
    expect(outcome.error).toMatchObject({ code: 'too_many_items' });
    expect(recorder.getSteps('run-1').filter((step) => step.stageId === 'each')).toHaveLength(1);
  });
});

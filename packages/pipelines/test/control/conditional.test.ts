import { describe, expect, it } from 'vitest';
import { conditionalComponent } from '../../src/components/control/conditional.ts';
import { runPipeline } from './run-pipeline.ts';

const readings = [{ machine: 'Oven1', temp: 240 }, { machine: 'Oven2', temp: 220 }, { machine: 'Oven3', temp: null }];

describe('control.conditional', () => {
  it('accepts its example and refuses a list for a single comparison and a scalar for in', () => {
    for (const example of conditionalComponent.examples) expect(conditionalComponent.config.safeParse(example.with).success).toBe(true);
    expect(conditionalComponent.config.safeParse({ condition: { column: 'temp', op: 'gt', value: [1] } }).success).toBe(false);
    expect(conditionalComponent.config.safeParse({ condition: { column: 'temp', op: 'in', value: 1 } }).success).toBe(false);
    expect(conditionalComponent.config.safeParse({ condition: { column: 'temp', op: 'gt' } }).success).toBe(false);
  });

  it('sends the rows meeting the condition to `true`, the others (nulls included) to `false`', async () => {
    const { outcome, lastStep } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: readings } },
      { id: 'hot', use: 'control.conditional', with: { condition: { column: 'temp', op: 'gt', value: 230 } }, needs: ['src'] },
      { id: 'alarm', use: 'transform.test-pass', needs: ['hot.true'] },
      { id: 'normal', use: 'transform.test-pass', needs: ['hot.false'] },
    ]);
    expect(outcome.status).toBe('succeeded');
    expect(lastStep('alarm')?.inputSample).toEqual([readings[0]]);
    expect(lastStep('normal')?.inputSample).toEqual([readings[1], readings[2]]);
  });

  it('skips the stages reading a branch no row took', async () => {
    const { outcome } = await runPipeline([
      { id: 'src', use: 'source.test-emit', with: { rows: readings } },
      { id: 'missing', use: 'control.conditional', with: { condition: { column: 'temp', op: 'is_null' } }, needs: ['src'] },
      { id: 'none_hot', use: 'control.conditional', with: { condition: { column: 'temp', op: 'gte', value: 1000 } }, needs: ['src'] },
      { id: 'alarm', use: 'transform.test-pass', needs: ['none_hot.true'] },
      { id: 'report', use: 'transform.test-pass', needs: ['missing.true'] },
    ]);
    expect(outcome.stages).toMatchObject({ alarm: 'skipped', report: 'succeeded' });
  });
});

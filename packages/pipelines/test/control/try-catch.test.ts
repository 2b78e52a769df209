import { describe, expect, it } from 'vitest';
import { tryCatchComponent } from '../../src/components/control/try-catch.ts';
import { runPipeline } from './run-pipeline.ts';

const noWait = { type: 'fixed', delayMs: 0, maxDelayMs: 0 } as const;
const guarded = (failures: number) => [
  { id: 'src', use: 'source.test-emit', with: { rows: [{ value: 1 }] } },
  {
    id: 'guard',
    use: 'control.try-catch',
    with: {
      stages: [
        { id: 'rows', use: 'control.input' },
        { id: 'shaky', use: 'transform.test-flaky', with: { failures }, needs: ['rows'], errorPolicy: { retries: 2, backoff: noWait } },
      ],
    },
    needs: ['src'],
  },
  { id: 'on_success', use: 'transform.test-pass', needs: ['guard'] },
  { id: 'on_error', use: 'transform.test-pass', needs: ['guard.error'] },
];

describe('control.try-catch', () => {
  it('accepts its example', () => {
    for (const example of tryCatchComponent.examples) expect(tryCatchComponent.config.safeParse(example.with).success).toBe(true);
  });

  it('catches a body stage that fails after its retries: the error row goes to the error port, the success path is skipped', async () => {
    const { outcome, components, lastStep } = await runPipeline(guarded(10));
    expect(outcome.status).toBe('succeeded');
    expect(components.attemptsByStage.get('shaky')).toBe(3);
    expect(outcome.stages).toMatchObject({ guard: 'succeeded', on_success: 'skipped', on_error: 'succeeded' });
    expect(lastStep('on_error')?.inputSample).toEqual([{ stage: 'shaky', message: 'attempt 3 broke', attempt: 3, status: 'failed', code: null, path: 'stages.1' }]);
  });

  it('passes the body result on when a retry succeeds, leaving the error port untaken', async () => {
    const { outcome, lastStep } = await runPipeline(guarded(2));
    expect(outcome.stages).toMatchObject({ on_success: 'succeeded', on_error: 'skipped' });
    expect(lastStep('on_success')?.inputSample).toEqual([{ value: 1 }]);
  });
});

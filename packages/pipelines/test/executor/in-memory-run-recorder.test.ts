import { STEP_SAMPLE_ROWS } from '@facilflow/contracts';
import { describe, expect, it } from 'vitest';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { rows } from './test-components.ts';

const at = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-01T00:00:01.500Z');

describe('InMemoryRunRecorder', () => {
  it('cuts samples to STEP_SAMPLE_ROWS, keeps one record per attempt and computes durations', async () => {
    const recorder = new InMemoryRunRecorder();
    const many = rows(...Array.from({ length: 50 }, (_, index) => index));
    const step = { runId: 'r', stageId: 's', attempt: 1, status: 'running' as const, rowsIn: 50, rowsOut: 0, inputSample: many, outputSample: [], error: null, startedAt: at, endedAt: null };
    await recorder.step(step);
    await recorder.step({ ...step, status: 'succeeded', outputSample: many, rowsOut: 50, endedAt: later });
    await recorder.step({ ...step, attempt: 2, status: 'running' });
    const steps = recorder.getSteps('r');
    expect(steps.map((recorded) => [recorded.attempt, recorded.status])).toEqual([
      [1, 'succeeded'],
      [2, 'running'],
    ]);
    expect(steps[0]?.inputSample).toHaveLength(STEP_SAMPLE_ROWS);
    expect(steps[0]?.outputSample).toHaveLength(STEP_SAMPLE_ROWS);
    expect(steps[0]?.durationMs).toBe(1500);
  });

  it('declines outputs past its per-stage and per-run bounds, and copies what it keeps', async () => {
    const recorder = new InMemoryRunRecorder({ maxKeptRowsPerStage: 3, maxKeptRowsPerRun: 4 });
    expect(await recorder.keepOutput('r', 'big', { rows: rows(1, 2, 3, 4), ports: {} })).toBe(false);
    const kept = rows(1, 2);
    expect(await recorder.keepOutput('r', 'a', { rows: kept, ports: { late: rows(3) } })).toBe(true);
    expect(await recorder.keepOutput('r', 'b', { rows: rows(1, 2), ports: {} })).toBe(false);
    expect(await recorder.keepOutput('r', 'c', { rows: rows(1), ports: {} })).toBe(true);
    kept[0]!.value = 99;
    expect(await recorder.keptOutput('r', 'a')).toEqual({ rows: rows(1, 2), ports: { late: rows(3) } });
    expect(await recorder.keptOutput('r', 'big')).toBeNull();
  });

  it('forgets the oldest run past maxRuns', async () => {
    const recorder = new InMemoryRunRecorder({ maxRuns: 2 });
    for (const runId of ['r1', 'r2', 'r3']) await recorder.runStatus(runId, 'running', { at });
    expect(recorder.getRun('r1')).toBeNull();
    expect(recorder.getRun('r3')?.status).toBe('running');
  });

  it('tells a waiter when a run reaches a status, and keeps the end facts', async () => {
    const recorder = new InMemoryRunRecorder();
    await recorder.runStatus('r', 'running', { at });
    const ended = recorder.whenRunStatus('r', 'succeeded', 'failed');
    await recorder.runStatus('r', 'failed', { at: later, error: { message: 'x', path: ['stages', 0] } });
    expect(await ended).toBe('failed');
    expect(recorder.getRun('r')).toMatchObject({ status: 'failed', startedAt: at.toISOString(), endedAt: later.toISOString(), error: { message: 'x' } });
  });
});

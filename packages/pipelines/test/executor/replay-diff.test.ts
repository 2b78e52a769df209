import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/executor/diff-runs.ts';
import { executeRun } from '../../src/executor/execute-run.ts';
import { InMemoryRunRecorder } from '../../src/executor/in-memory-run-recorder.ts';
import { replayRun, ReplayRequestError } from '../../src/executor/replay-run.ts';
import { RUN, rows, spec, testComponents, unusedServices } from './test-components.ts';

const pipeline = spec([
  { id: 'a', use: 'source.test-emit', with: { rows: rows(1, 2) } },
  { id: 'b', use: 'transform.test-pass', needs: ['a'] },
  { id: 'c', use: 'transform.test-pass', needs: ['b'] },
]);

async function originalRun(recorder: InMemoryRunRecorder) {
  const components = testComponents();
  await executeRun({ spec: pipeline, run: { ...RUN, runId: 'run-1' }, services: unusedServices, recorder, components: components.lookup });
  return components;
}

describe('replayRun', () => {
  it('replays from the second stage as a new run: the first stage is reused from the kept output, the rest run again', async () => {
    const recorder = new InMemoryRunRecorder();
    await originalRun(recorder);
    const replay = testComponents();
    const outcome = await replayRun({
      spec: pipeline,
      run: { ...RUN, runId: 'run-2' },
      replayOf: { runId: 'run-1', fromStage: 'b' },
      services: unusedServices,
      recorder,
      components: replay.lookup,
    });
    expect(outcome.status).toBe('succeeded');
    expect(replay.events.filter((event) => event.startsWith('start:'))).toEqual(['start:b', 'start:c']);
    expect(outcome.result).toEqual([
      { value: 1, seenBy: '/b/c' },
      { value: 2, seenBy: '/b/c' },
    ]);
    expect(recorder.getRun('run-2')).toMatchObject({ trigger: 'replay', replayOf: { runId: 'run-1', fromStage: 'b' }, status: 'succeeded' });
    expect(recorder.getSteps('run-2').find((step) => step.stageId === 'a')).toMatchObject({ status: 'succeeded', rowsOut: 2, startedAt: null });
  });

  it('replays with edited inputs for the stage, and the diff shows what changed stage by stage', async () => {
    const recorder = new InMemoryRunRecorder();
    await originalRun(recorder);
    const outcome = await replayRun({
      spec: pipeline,
      run: { ...RUN, runId: 'run-2' },
      replayOf: { runId: 'run-1', fromStage: 'b' },
      editedInputs: { a: rows(7) },
      services: unusedServices,
      recorder,
      components: testComponents().lookup,
    });
    expect(outcome.result).toEqual([{ value: 7, seenBy: '/b/c' }]);

    const diff = diffRuns(recorder.getSteps('run-1'), recorder.getSteps('run-2'));
    expect(diff.changedStages).toEqual(['b', 'c']);
    const c = diff.stages.find((stage) => stage.stageId === 'c');
    expect(c).toMatchObject({ statusChanged: false, rowsInDelta: -1, rowsOutDelta: -1 });
    expect(c?.outputSample.onlyInA).toEqual([
      { value: 1, seenBy: '/b/c' },
      { value: 2, seenBy: '/b/c' },
    ]);
    expect(c?.outputSample.onlyInB).toEqual([{ value: 7, seenBy: '/b/c' }]);
    expect(diff.stages.find((stage) => stage.stageId === 'a')?.changed).toBe(false);
  });

  it('runs an upstream stage again when its output was not kept, and replays on another spec version', async () => {
    const recorder = new InMemoryRunRecorder({ maxKeptRowsPerStage: 1 });
    await originalRun(recorder);
    const version2 = spec([...pipeline.stages, { id: 'd', use: 'transform.test-pass', needs: ['c'] }]);
    const replay = testComponents();
    const outcome = await replayRun({
      spec: version2,
      run: { ...RUN, version: 2, runId: 'run-2' },
      replayOf: { runId: 'run-1', fromStage: 'c' },
      services: unusedServices,
      recorder,
      components: replay.lookup,
    });
    expect(replay.events.filter((event) => event.startsWith('start:'))).toEqual(['start:a', 'start:b', 'start:c', 'start:d']);
    expect(outcome.result).toHaveLength(2);
    expect(recorder.getRun('run-2')?.version).toBe(2);
  });

  it('refuses a stage the spec does not have and an input the stage does not need', async () => {
    const recorder = new InMemoryRunRecorder();
    const base = { spec: pipeline, run: { ...RUN, runId: 'run-2' }, services: unusedServices, recorder };
    await expect(replayRun({ ...base, replayOf: { runId: 'run-1', fromStage: 'zz' } })).rejects.toBeInstanceOf(ReplayRequestError);
    await expect(replayRun({ ...base, replayOf: { runId: 'run-1', fromStage: 'b' }, editedInputs: { c: [] } })).rejects.toThrow(/no input "c"/);
  });
});

describe('diffRuns', () => {
  it('compares each stage by its last attempt and names stages present on one side only', () => {
    const step = { runId: 'r', rowsIn: 1, rowsOut: 1, inputSample: [], outputSample: [{ v: 1, w: 2 }], error: null, startedAt: null, endedAt: null };
    const diff = diffRuns(
      [
        { ...step, stageId: 'x', attempt: 1, status: 'failed', durationMs: 5 },
        { ...step, stageId: 'x', attempt: 2, status: 'succeeded', durationMs: 7 },
        { ...step, stageId: 'gone', attempt: 1, status: 'succeeded', durationMs: 1 },
      ],
      [
        { ...step, stageId: 'x', attempt: 1, status: 'succeeded', durationMs: 10, outputSample: [{ w: 2, v: 1 }] },
        { ...step, stageId: 'new', attempt: 1, status: 'succeeded', durationMs: 1 },
      ],
    );
    expect(diff.stages.find((stage) => stage.stageId === 'x')).toMatchObject({ a: { attempts: 2, status: 'succeeded' }, durationDeltaMs: 3, changed: false });
    expect(diff.changedStages).toEqual(['gone', 'new']);
    expect(diff.stages.find((stage) => stage.stageId === 'gone')?.b).toBeNull();
  });
});

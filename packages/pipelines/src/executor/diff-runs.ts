import type { PipelineRow, PipelineStep, StepStatus } from '@facilflow/contracts';

export interface StepSummary {
  status: StepStatus;
  attempts: number;
  durationMs: number | null;
  rowsIn: number;
  rowsOut: number;
}

export interface StageDiff {
  stageId: string;
  /** null when the stage did not run in that run (another spec version). */
  a: StepSummary | null;
  b: StepSummary | null;
  statusChanged: boolean;
  /** b minus a; null when either side has no duration. */
  durationDeltaMs: number | null;
  rowsInDelta: number | null;
  rowsOutDelta: number | null;
  /** Rows of the output samples found on one side only (as a multiset: a repeated row counts). */
  outputSample: { onlyInA: PipelineRow[]; onlyInB: PipelineRow[] };
  changed: boolean;
}

export interface RunDiff {
  stages: StageDiff[];
  /** Stages whose status, rows or output sample differ (durations always differ a little, so they do not count). */
  changedStages: string[];
}

/** Compares two runs stage by stage, each stage by its last attempt. */
export function diffRuns(stepsA: readonly PipelineStep[], stepsB: readonly PipelineStep[]): RunDiff {
  const lastA = lastAttempts(stepsA);
  const lastB = lastAttempts(stepsB);
  const stageIds = [...new Set([...lastA.keys(), ...lastB.keys()])];
  const stages = stageIds.map((stageId) => diffStage(stageId, lastA.get(stageId), lastB.get(stageId)));
  return { stages, changedStages: stages.filter((stage) => stage.changed).map((stage) => stage.stageId) };
}

function diffStage(stageId: string, a: PipelineStep | undefined, b: PipelineStep | undefined): StageDiff {
  const outputSample = sampleDifference(a?.outputSample ?? [], b?.outputSample ?? []);
  const statusChanged = a?.status !== b?.status;
  const rowsInDelta = a && b ? b.rowsIn - a.rowsIn : null;
  const rowsOutDelta = a && b ? b.rowsOut - a.rowsOut : null;
  return {
    stageId,
    a: a ? summary(a) : null,
    b: b ? summary(b) : null,
    statusChanged,
    durationDeltaMs: a?.durationMs != null && b?.durationMs != null ? b.durationMs - a.durationMs : null,
    rowsInDelta,
    rowsOutDelta,
    outputSample,
    changed: statusChanged || rowsInDelta !== 0 || rowsOutDelta !== 0 || outputSample.onlyInA.length > 0 || outputSample.onlyInB.length > 0,
  };
}

function lastAttempts(steps: readonly PipelineStep[]): Map<string, PipelineStep> {
  const last = new Map<string, PipelineStep>();
  for (const step of steps) {
    const seen = last.get(step.stageId);
    if (!seen || step.attempt >= seen.attempt) last.set(step.stageId, step);
  }
  return last;
}

function summary(step: PipelineStep): StepSummary {
  return { status: step.status, attempts: step.attempt, durationMs: step.durationMs, rowsIn: step.rowsIn, rowsOut: step.rowsOut };
}

function sampleDifference(a: readonly PipelineRow[], b: readonly PipelineRow[]): { onlyInA: PipelineRow[]; onlyInB: PipelineRow[] } {
  const unmatchedB = new Map<string, PipelineRow[]>();
  for (const row of b) {
    const key = canonical(row);
    unmatchedB.set(key, [...(unmatchedB.get(key) ?? []), row]);
  }
  const onlyInA: PipelineRow[] = [];
  for (const row of a) {
    const match = unmatchedB.get(canonical(row));
    if (match && match.length > 0) match.pop();
    else onlyInA.push(row);
  }
  return { onlyInA, onlyInB: [...unmatchedB.values()].flat() };
}

/** The same row whatever the order of its columns. */
function canonical(row: PipelineRow): string {
  return JSON.stringify(Object.keys(row).sort().map((key) => [key, row[key]]));
}

import type { PipelineRow, RunStatus, StepError, StepStatus } from '@facilflow/contracts';

/** A step attempt as the executor reports it; samples are cut to STEP_SAMPLE_ROWS by the recorder. */
export interface StepRecord {
  runId: string;
  stageId: string;
  attempt: number;
  status: StepStatus;
  rowsIn: number;
  rowsOut: number;
  inputSample: readonly PipelineRow[];
  outputSample: readonly PipelineRow[];
  error: StepError | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/**
 * Where the executor writes what happens: the run's status and each step attempt. Core
 * implements it over Postgres (tenant-scoped, under RLS); tests may use the in-memory one.
 * Outputs kept for replay are bounded by the recorder: `keepOutput` may decline a large one, and
 * a replay then runs the stages upstream of the step again.
 */
export interface RunRecorder {
  runStatus(runId: string, status: RunStatus, facts: { at: Date; error?: StepError | null }): Promise<void>;
  step(record: StepRecord): Promise<void>;
  keepOutput(runId: string, stageId: string, output: { rows: readonly PipelineRow[]; ports: Record<string, readonly PipelineRow[]> }): Promise<boolean>;
  keptOutput(runId: string, stageId: string): Promise<{ rows: PipelineRow[]; ports: Record<string, PipelineRow[]> } | null>;
}

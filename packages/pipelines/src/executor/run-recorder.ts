import type { PipelineRow, RunStatus, RunTriggerKind, StepError, StepStatus } from '@facilflow/contracts';
import type { ParamValue } from '../components/component.ts';

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
  /** A replay took this stage's output from the replayed run instead of running it. */
  reused?: boolean;
}

/** The facts a run starts with, for a recorder that keeps the run itself (the in-memory one). */
export interface RunStartRecord {
  runId: string;
  pipelineId: string;
  version: number;
  trigger: RunTriggerKind;
  params: Record<string, ParamValue>;
  range: { from: number; to: number } | null;
  replayOf: { runId: string; fromStage: string } | null;
  at: Date;
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
  /**
   * A succeeded step and the output kept for it, in one write: what `step` then `keepOutput` do,
   * with one transaction fewer per stage for a recorder over a database. Optional: without it the
   * executor calls the two.
   */
  stepWithOutput?(record: StepRecord, output: { rows: readonly PipelineRow[]; ports: Record<string, readonly PipelineRow[]> }): Promise<boolean>;
  /** Called once before anything else of the run; a recorder whose caller created the run row may leave it out. */
  runStarted?(run: RunStartRecord): Promise<void>;
  /** The run's result: a `control.return`'s input, or the last stage's main output. */
  runResult?(runId: string, rows: readonly PipelineRow[]): Promise<void>;
}

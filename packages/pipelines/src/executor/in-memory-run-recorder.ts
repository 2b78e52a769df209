import { STEP_SAMPLE_ROWS, type PipelineRow, type PipelineRun, type PipelineStep, type RunStatus, type StepError, type StepStatus } from '@facilflow/contracts';
import type { RunRecorder, RunStartRecord, StepRecord } from './run-recorder.ts';

export interface InMemoryRunRecorderLimits {
  /** Runs kept; the oldest is forgotten past it. */
  maxRuns: number;
  /** A stage output with more rows (main and ports together) is not kept for replay. */
  maxKeptRowsPerStage: number;
  /** Rows kept for replay across one run's stages; further outputs are declined. */
  maxKeptRowsPerRun: number;
}

export const DEFAULT_IN_MEMORY_LIMITS: InMemoryRunRecorderLimits = { maxRuns: 200, maxKeptRowsPerStage: 10_000, maxKeptRowsPerRun: 50_000 };

type KeptOutput = { rows: PipelineRow[]; ports: Record<string, PipelineRow[]> };

interface RunEntry {
  run: PipelineRun;
  /** By `${stageId}#${attempt}`, in the order first recorded. */
  steps: Map<string, PipelineStep>;
  kept: Map<string, KeptOutput>;
  keptRows: number;
  result: PipelineRow[] | null;
}

/**
 * Runs and steps held in process, bounded: the embedded default's ephemeral runs and the tests.
 * A run first seen through `runStatus` (its caller did not announce it) gets placeholder facts.
 */
export class InMemoryRunRecorder implements RunRecorder {
  private readonly runs = new Map<string, RunEntry>();
  private readonly statusWaiters = new Set<{ runId: string; statuses: readonly RunStatus[]; resolve: (status: RunStatus) => void }>();
  private readonly stepWaiters = new Set<{ runId: string; stageId: string; status: StepStatus; resolve: (step: PipelineStep) => void }>();
  private readonly limits: InMemoryRunRecorderLimits;

  constructor(limits: Partial<InMemoryRunRecorderLimits> = {}) {
    this.limits = { ...DEFAULT_IN_MEMORY_LIMITS, ...limits };
  }

  runStarted(start: RunStartRecord): Promise<void> {
    const entry = this.entry(start.runId);
    entry.run = {
      ...entry.run,
      pipelineId: start.pipelineId,
      version: start.version,
      trigger: start.trigger,
      params: { ...start.params },
      rangeFrom: start.range ? new Date(start.range.from).toISOString() : null,
      rangeTo: start.range ? new Date(start.range.to).toISOString() : null,
      replayOf: start.replayOf,
      createdAt: start.at.toISOString(),
    };
    return Promise.resolve();
  }

  runStatus(runId: string, status: RunStatus, facts: { at: Date; error?: StepError | null }): Promise<void> {
    const entry = this.entry(runId);
    const at = facts.at.toISOString();
    entry.run = {
      ...entry.run,
      status,
      startedAt: entry.run.startedAt ?? (status === 'running' ? at : null),
      endedAt: isEnd(status) ? at : null,
      error: facts.error ?? (isEnd(status) ? null : entry.run.error),
    };
    for (const waiter of this.statusWaiters) {
      if (waiter.runId === runId && waiter.statuses.includes(status)) {
        this.statusWaiters.delete(waiter);
        waiter.resolve(status);
      }
    }
    return Promise.resolve();
  }

  step(record: StepRecord): Promise<void> {
    const entry = this.entry(record.runId);
    const step: PipelineStep = {
      runId: record.runId,
      stageId: record.stageId,
      attempt: record.attempt,
      status: record.status,
      rowsIn: record.rowsIn,
      rowsOut: record.rowsOut,
      inputSample: record.inputSample.slice(0, STEP_SAMPLE_ROWS),
      outputSample: record.outputSample.slice(0, STEP_SAMPLE_ROWS),
      error: record.error,
      startedAt: record.startedAt?.toISOString() ?? null,
      endedAt: record.endedAt?.toISOString() ?? null,
      durationMs: record.startedAt && record.endedAt ? Math.max(0, record.endedAt.getTime() - record.startedAt.getTime()) : null,
    };
    entry.steps.set(`${record.stageId}#${record.attempt}`, step);
    for (const waiter of this.stepWaiters) {
      if (waiter.runId === record.runId && waiter.stageId === record.stageId && waiter.status === record.status) {
        this.stepWaiters.delete(waiter);
        waiter.resolve(step);
      }
    }
    return Promise.resolve();
  }

  keepOutput(runId: string, stageId: string, output: { rows: readonly PipelineRow[]; ports: Record<string, readonly PipelineRow[]> }): Promise<boolean> {
    const entry = this.entry(runId);
    const rowCount = countRows(output);
    const previous = entry.kept.get(stageId);
    const previousRows = previous ? countRows(previous) : 0;
    if (rowCount > this.limits.maxKeptRowsPerStage || entry.keptRows - previousRows + rowCount > this.limits.maxKeptRowsPerRun) return Promise.resolve(false);
    entry.kept.set(stageId, copyOutput(output));
    entry.keptRows += rowCount - previousRows;
    return Promise.resolve(true);
  }

  keptOutput(runId: string, stageId: string): Promise<KeptOutput | null> {
    const kept = this.runs.get(runId)?.kept.get(stageId);
    return Promise.resolve(kept ? copyOutput(kept) : null);
  }

  runResult(runId: string, rows: readonly PipelineRow[]): Promise<void> {
    this.entry(runId).result = [...rows];
    return Promise.resolve();
  }

  getRun(runId: string): PipelineRun | null {
    return this.runs.get(runId)?.run ?? null;
  }

  /** Every attempt of every stage, in the order first recorded. */
  getSteps(runId: string): PipelineStep[] {
    return [...(this.runs.get(runId)?.steps.values() ?? [])];
  }

  getResult(runId: string): PipelineRow[] | null {
    return this.runs.get(runId)?.result ?? null;
  }

  /** Resolves when the run next reaches one of `statuses` (at once if it is there already). */
  whenRunStatus(runId: string, ...statuses: RunStatus[]): Promise<RunStatus> {
    const current = this.runs.get(runId)?.run.status;
    if (current && statuses.includes(current)) return Promise.resolve(current);
    return new Promise((resolve) => this.statusWaiters.add({ runId, statuses, resolve }));
  }

  /** Resolves when a step of the stage is recorded with `status` (at once if one was already). */
  whenStep(runId: string, stageId: string, status: StepStatus): Promise<PipelineStep> {
    const recorded = this.getSteps(runId).find((step) => step.stageId === stageId && step.status === status);
    if (recorded) return Promise.resolve(recorded);
    return new Promise((resolve) => this.stepWaiters.add({ runId, stageId, status, resolve }));
  }

  private entry(runId: string): RunEntry {
    const existing = this.runs.get(runId);
    if (existing) return existing;
    const entry: RunEntry = {
      run: {
        id: runId,
        pipelineId: '',
        version: 1,
        status: 'queued',
        trigger: 'manual',
        rangeFrom: null,
        rangeTo: null,
        params: {},
        replayOf: null,
        error: null,
        createdAt: new Date().toISOString(),
        startedAt: null,
        endedAt: null,
      },
      steps: new Map(),
      kept: new Map(),
      keptRows: 0,
      result: null,
    };
    this.runs.set(runId, entry);
    while (this.runs.size > this.limits.maxRuns) {
      const oldest = this.runs.keys().next().value;
      if (oldest === undefined) break;
      this.runs.delete(oldest);
    }
    return entry;
  }
}

function isEnd(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'timed_out';
}

type ReadonlyOutput = { rows: readonly PipelineRow[]; ports: Record<string, readonly PipelineRow[]> };

function countRows(output: ReadonlyOutput): number {
  return output.rows.length + Object.values(output.ports).reduce((sum, rows) => sum + rows.length, 0);
}

/** Kept outputs are copied in and out, so a stage that mutates its rows cannot change a replay's input. */
function copyOutput(output: ReadonlyOutput): KeptOutput {
  return { rows: output.rows.map((row) => ({ ...row })), ports: Object.fromEntries(Object.entries(output.ports).map(([port, rows]) => [port, rows.map((row) => ({ ...row }))])) };
}

import { STEP_SAMPLE_ROWS, type PipelineRow, type StepError, type StepStatus } from '@facilflow/contracts';
import type { ParamValue, StageOutput } from '../components/component.ts';
import type { ExecuteRunOptions, RunOutcome } from './execute-run.ts';
import type { PlannedStage } from './plan-stages.ts';
import type { StepRecord } from './run-recorder.ts';
import { errorRows, runStage, type RunEnvironment } from './run-stage.ts';
import { createStageControls } from './stage-controls-impl.ts';
import { resolveStageInputs, type StageResult } from './stage-inputs.ts';

/** Stages of one run running at once unless the caller gives the worker's capacity. */
export const DEFAULT_MAX_CONCURRENT_STAGES = 4;

/** One run's progress: which stages finished how, and what is still running. */
export class RunScheduler {
  private readonly results = new Map<string, StageResult>();
  private readonly finalStatus: Record<string, StepStatus> = {};
  private readonly started = new Set<string>();
  /** `control.return` rows by stage, applied only when that stage succeeds. */
  private readonly pendingReturns = new Map<string, PipelineRow[]>();
  private readonly untakenMainOutputs = new Set<string>();
  /** Aborted when a `control.return` ends the run, so a paused run does not wait for a resume it no longer needs. */
  private readonly returnedSignal = new AbortController();
  private readonly stop = new AbortController();
  private readonly runSignal: AbortSignal;
  private readonly env: RunEnvironment;
  private readonly capacity: number;
  private inFlight = 0;
  private ending: { status: RunOutcome['status']; error: StepError | null; failure?: RunOutcome['failure'] } | null = null;
  private returned: PipelineRow[] | null = null;
  private notify: () => void = () => undefined;
  private changed: Promise<void>;

  constructor(
    private readonly options: ExecuteRunOptions,
    private readonly stages: readonly PlannedStage[],
    params: Record<string, ParamValue>,
    depth: number,
    private readonly now: () => Date,
    executeNested: (options: ExecuteRunOptions, depth: number) => Promise<RunOutcome>,
  ) {
    this.changed = this.nextChange();
    const cancelSignals = [options.signal, options.control?.signal].filter((signal): signal is AbortSignal => signal !== undefined);
    this.runSignal = AbortSignal.any([this.stop.signal, ...cancelSignals]);
    this.capacity = Math.max(1, options.maxConcurrentStages ?? DEFAULT_MAX_CONCURRENT_STAGES);
    this.env = {
      runId: options.run.runId,
      tenantId: options.run.tenantId,
      pipelineId: options.run.pipelineId,
      params,
      range: options.range ?? null,
      vars: new Map(),
      services: options.services,
      recorder: options.recorder,
      runSignal: this.runSignal,
      now,
      log: options.log ?? (() => undefined),
      prepareContext: (context, stage, recordStep) => {
        // What an earlier attempt asked for does not outlive it.
        this.pendingReturns.delete(stage.stage.id);
        this.untakenMainOutputs.delete(stage.stage.id);
        createStageControls(context, {
          options,
          depth,
          stage,
          recordStep,
          recordRunStatus: (status) => options.recorder.runStatus(options.run.runId, status, { at: now() }),
          endRun: (rows) => this.pendingReturns.set(stage.stage.id, rows),
          leaveMainOutputUntaken: () => this.untakenMainOutputs.add(stage.stage.id),
          executeNested,
        });
      },
    };
  }

  async run(): Promise<RunOutcome> {
    const onCancel = (): void => {
      this.ending ??= { status: 'cancelled', error: { message: 'run cancelled', path: [], code: 'cancelled' } };
      this.signalChange();
    };
    if (this.runSignal.aborted) onCancel();
    else this.runSignal.addEventListener('abort', onCancel, { once: true });
    try {
      await this.schedule();
    } catch (error) {
      this.stop.abort(error);
      throw error;
    } finally {
      this.runSignal.removeEventListener('abort', onCancel);
    }
    await this.recordUnstarted();
    const status = this.ending?.status ?? 'succeeded';
    const error = this.ending?.error ?? null;
    const result = status === 'succeeded' ? (this.returned ?? this.lastStageRows()) : [];
    if (status === 'succeeded') await this.options.recorder.runResult?.(this.options.run.runId, result);
    await this.options.recorder.runStatus(this.options.run.runId, status, { at: this.now(), error });
    return { runId: this.options.run.runId, status, error, result, stages: this.finalStatus, failure: this.ending?.failure ?? null };
  }

  private async schedule(): Promise<void> {
    const control = this.options.control;
    for (;;) {
      if (this.ending || this.returned) {
        if (this.inFlight === 0) return;
        await this.changed;
        continue;
      }
      const ready = this.stages.find((stage) => !this.started.has(stage.stage.id) && [...stage.upstream].every((id) => this.results.has(id)));
      if (!ready) {
        if (this.inFlight === 0) return;
        await this.changed;
        continue;
      }
      if (await this.settleWithoutRunning(ready)) continue;
      if (this.inFlight >= this.capacity) {
        await this.changed;
        continue;
      }
      if (control) {
        const released = AbortSignal.any([this.runSignal, this.returnedSignal.signal]);
        try {
          await control.beforeStage(ready.stage, released, {
            onPause: () => this.options.recorder.runStatus(this.options.run.runId, 'paused', { at: this.now() }),
            onContinue: () => this.options.recorder.runStatus(this.options.run.runId, 'running', { at: this.now() }),
          });
        } catch (error) {
          // Ending or returning while paused releases the wait; anything else (a recorder failing) is the caller's to see.
          if (released.aborted) continue;
          throw error;
        }
        if (this.ending || this.returned) continue;
      }
      this.start(ready);
    }
  }

  /** A stage reused by a replay or skipped for want of input is settled at once, outside the capacity. */
  private async settleWithoutRunning(stage: PlannedStage): Promise<boolean> {
    const id = stage.stage.id;
    const reused = this.options.reuse?.get(id);
    if (reused) {
      this.started.add(id);
      this.results.set(id, { kind: 'succeeded', output: reused, mainTaken: true });
      this.finalStatus[id] = 'succeeded';
      const rows = [...reused.rows, ...Object.values(reused.ports ?? {}).flat()];
      await this.options.recorder.step({ ...this.settledRecord(id, 'succeeded'), rowsOut: rows.length, outputSample: rows.slice(0, STEP_SAMPLE_ROWS), reused: true });
      await this.keep(id, reused);
      return true;
    }
    const { taken } = resolveStageInputs(stage, this.results, this.options.inputOverrides?.get(id));
    if (taken) return false;
    this.started.add(id);
    this.results.set(id, { kind: 'skipped' });
    this.finalStatus[id] = 'skipped';
    await this.options.recorder.step(this.settledRecord(id, 'skipped'));
    return true;
  }

  private start(stage: PlannedStage): void {
    const id = stage.stage.id;
    this.started.add(id);
    this.inFlight += 1;
    const { inputs } = resolveStageInputs(stage, this.results, this.options.inputOverrides?.get(id));
    void runStage(stage, inputs, this.env)
      .then(async (outcome) => {
        if (outcome.kind === 'succeeded') {
          this.results.set(id, { kind: 'succeeded', output: outcome.output, mainTaken: !this.untakenMainOutputs.has(id) });
          this.finalStatus[id] = 'succeeded';
          if (!outcome.kept) await this.keep(id, outcome.output);
          const returned = this.pendingReturns.get(id);
          if (returned && !this.returned) {
            this.returned = returned;
            this.returnedSignal.abort();
          }
          return;
        }
        if (outcome.kind === 'cancelled') {
          this.results.set(id, { kind: 'cancelled' });
          this.finalStatus[id] = 'cancelled';
          return;
        }
        this.finalStatus[id] = outcome.status;
        if (stage.policy.onError === 'route') this.results.set(id, { kind: 'routed', errorRows: errorRows(stage, outcome) });
        else if (stage.policy.onError === 'continue') this.results.set(id, { kind: 'continued' });
        else {
          this.results.set(id, { kind: 'cancelled' });
          this.ending ??= { status: outcome.status, error: outcome.error, failure: { stageId: id, attempt: outcome.attempt } };
          this.stop.abort(new Error(`stage "${id}" ${outcome.status === 'timed_out' ? 'timed out' : 'failed'}`));
        }
      })
      .catch((error: unknown) => {
        // A recorder that cannot write ends the run: going on would leave steps nobody can see.
        this.ending ??= { status: 'failed', error: { message: `recording stage "${id}" failed: ${error instanceof Error ? error.message : String(error)}`, path: ['stages', stage.index], code: 'recorder' } };
        this.stop.abort(error);
      })
      .finally(() => {
        this.inFlight -= 1;
        this.signalChange();
      });
  }

  private async keep(stageId: string, output: StageOutput): Promise<void> {
    await this.options.recorder.keepOutput(this.options.run.runId, stageId, { rows: output.rows, ports: output.ports ?? {} });
  }

  /** Stages that never started: cancelled with a cancelled run, otherwise skipped (the run failed or returned early). */
  private async recordUnstarted(): Promise<void> {
    const status: StepStatus = this.ending?.status === 'cancelled' ? 'cancelled' : 'skipped';
    for (const stage of this.stages) {
      if (this.started.has(stage.stage.id)) continue;
      this.finalStatus[stage.stage.id] = status;
      await this.options.recorder.step(this.settledRecord(stage.stage.id, status));
    }
  }

  private settledRecord(stageId: string, status: StepStatus): StepRecord {
    return { runId: this.options.run.runId, stageId, attempt: 1, status, rowsIn: 0, rowsOut: 0, inputSample: [], outputSample: [], error: null, startedAt: null, endedAt: null };
  }

  private lastStageRows(): PipelineRow[] {
    const last = this.stages.at(-1);
    const result = last ? this.results.get(last.stage.id) : undefined;
    return result?.kind === 'succeeded' ? result.output.rows : [];
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.notify = resolve;
    });
  }

  private signalChange(): void {
    const notify = this.notify;
    this.changed = this.nextChange();
    notify();
  }
}

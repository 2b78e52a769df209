import { STEP_SAMPLE_ROWS, type PipelineRow, type StepError, type StepStatus } from '@facilflow/contracts';
import type { ParamValue, StageContext, StageInputs, StageOutput } from '../components/component.ts';
import type { ComponentServices } from '../components/component-services.ts';
import { backoffDelayMs } from './backoff.ts';
import type { PlannedStage } from './plan-stages.ts';
import type { RunRecorder, StepRecord } from './run-recorder.ts';
import { cancellableDelay, raceWithSignal } from '../signals.ts';
import { StageFailure } from './stage-failure.ts';

export interface StageLogEntry {
  runId: string;
  stageId: string;
  attempt: number;
  message: string;
  data?: Record<string, unknown>;
}

/** What every stage of one run shares. */
export interface RunEnvironment {
  runId: string;
  tenantId: string;
  pipelineId: string;
  params: Readonly<Record<string, ParamValue>>;
  range: { from: number; to: number } | null;
  vars: Map<string, ParamValue | null>;
  services: ComponentServices;
  recorder: RunRecorder;
  /** Aborted when the run is cancelled or ends early; every attempt's signal follows it. */
  runSignal: AbortSignal;
  now(): Date;
  log(entry: StageLogEntry): void;
  /** Lets the executor attach what control-flow components need to the attempt's context. */
  prepareContext(context: StageContext<unknown>, stage: PlannedStage, recordStep: (status: StepStatus) => Promise<void>): void;
}

export type StageRunOutcome =
  /** `kept`: the output went to the recorder with the succeeded step (`stepWithOutput`). */
  | { kind: 'succeeded'; output: StageOutput; kept: boolean }
  | { kind: 'failed'; status: 'failed' | 'timed_out'; error: StepError; attempt: number }
  | { kind: 'cancelled' };

type AttemptOutcome = { kind: 'succeeded'; output: StageOutput; kept: boolean } | { kind: 'failed'; status: 'failed' | 'timed_out'; error: StepError; retryable: boolean } | { kind: 'cancelled' };

/** Runs a stage's attempts under its error policy, recording each one. */
export async function runStage(stage: PlannedStage, inputs: StageInputs, env: RunEnvironment): Promise<StageRunOutcome> {
  const attempts = stage.policy.retries + 1;
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await runAttempt(stage, inputs, attempt, env);
    if (outcome.kind !== 'failed') return outcome;
    if (attempt >= attempts || !outcome.retryable) return { kind: 'failed', status: outcome.status, error: outcome.error, attempt };
    try {
      await cancellableDelay(backoffDelayMs(stage.policy.backoff, attempt + 1), env.runSignal);
    } catch {
      return { kind: 'cancelled' };
    }
  }
}

async function runAttempt(stage: PlannedStage, inputs: StageInputs, attempt: number, env: RunEnvironment): Promise<AttemptOutcome> {
  const startedAt = env.now();
  const inputRows = inputs.flatMap((input) => input.rows);
  const base: StepRecord = {
    runId: env.runId,
    stageId: stage.stage.id,
    attempt,
    status: 'running',
    rowsIn: inputRows.length,
    rowsOut: 0,
    inputSample: inputRows.slice(0, STEP_SAMPLE_ROWS),
    outputSample: [],
    error: null,
    startedAt,
    endedAt: null,
  };
  await env.recorder.step(base);
  const timeout = stage.policy.timeoutMs === undefined ? null : AbortSignal.timeout(stage.policy.timeoutMs);
  const signal = timeout ? AbortSignal.any([env.runSignal, timeout]) : env.runSignal;
  const context: StageContext<unknown> = {
    config: stage.config,
    tenantId: env.tenantId,
    pipelineId: env.pipelineId,
    runId: env.runId,
    stageId: stage.stage.id,
    attempt,
    params: env.params,
    range: env.range,
    vars: env.vars,
    services: env.services,
    signal,
    log: (message, data) => env.log({ runId: env.runId, stageId: stage.stage.id, attempt, message, ...(data ? { data } : {}) }),
  };
  env.prepareContext(context, stage, (status) => env.recorder.step({ ...base, status }));
  try {
    const output = await raceWithSignal(
      Promise.resolve().then(() => {
        // planStages admits only components with a batch run; the check keeps the type honest.
        if (!stage.component.run) throw new StageFailure(`component "${stage.component.name}" has no batch run`, { retryable: false });
        return stage.component.run(context, inputs);
      }),
      signal,
    );
    const outputRows = [...output.rows, ...Object.values(output.ports ?? {}).flat()];
    const succeeded: StepRecord = { ...base, status: 'succeeded', rowsOut: outputRows.length, outputSample: outputRows.slice(0, STEP_SAMPLE_ROWS), endedAt: env.now() };
    if (env.recorder.stepWithOutput) {
      await env.recorder.stepWithOutput(succeeded, { rows: output.rows, ports: output.ports ?? {} });
      return { kind: 'succeeded', output, kept: true };
    }
    await env.recorder.step(succeeded);
    return { kind: 'succeeded', output, kept: false };
  } catch (thrown) {
    const ended = { ...base, endedAt: env.now() };
    if (env.runSignal.aborted) {
      await env.recorder.step({ ...ended, status: 'cancelled', error: stepError(stage, 'cancelled with the run', [], 'cancelled') });
      return { kind: 'cancelled' };
    }
    if (timeout?.aborted) {
      const error = stepError(stage, `timed out after ${stage.policy.timeoutMs} ms`, [], 'timeout');
      await env.recorder.step({ ...ended, status: 'timed_out', error });
      return { kind: 'failed', status: 'timed_out', error, retryable: true };
    }
    const failure = thrown instanceof StageFailure ? thrown : null;
    const error = stepError(stage, thrown instanceof Error ? thrown.message : String(thrown), failure?.subPath ?? [], failure?.code);
    await env.recorder.step({ ...ended, status: 'failed', error });
    return { kind: 'failed', status: 'failed', error, retryable: failure?.retryable ?? true };
  }
}

function stepError(stage: PlannedStage, message: string, subPath: readonly (string | number)[], code: string | undefined): StepError {
  return { message, path: ['stages', stage.index, ...subPath], ...(code ? { code } : {}) };
}

/** The rows a routed failure puts on the stage's `error` port. */
export function errorRows(stage: PlannedStage, outcome: Extract<StageRunOutcome, { kind: 'failed' }>): PipelineRow[] {
  return [
    {
      stage: stage.stage.id,
      message: outcome.error.message,
      attempt: outcome.attempt,
      status: outcome.status,
      code: outcome.error.code ?? null,
      path: outcome.error.path.join('.'),
    },
  ];
}

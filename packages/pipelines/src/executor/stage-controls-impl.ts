import { PIPELINE_SPEC_VERSION, STEP_SAMPLE_ROWS, type PipelineRow, type PipelineSpec, type RunStatus, type StepStatus } from '@facilflow/contracts';
import type { ParamValue, StageContext } from '../components/component.ts';
import type { ExecuteRunOptions, RunOutcome } from './execute-run.ts';
import type { PlannedStage } from './plan-stages.ts';
import type { RunRecorder } from './run-recorder.ts';
import { raceWithSignal } from '../signals.ts';
import { attachStageControls, type NestedRunOutcome } from './stage-controls.ts';
import { StageFailure } from './stage-failure.ts';

export interface StageControlDeps {
  options: ExecuteRunOptions;
  depth: number;
  stage: PlannedStage;
  recordStep(status: StepStatus): Promise<void>;
  recordRunStatus(status: RunStatus): Promise<void>;
  endRun(rows: PipelineRow[]): void;
  leaveMainOutputUntaken(): void;
  executeNested(options: ExecuteRunOptions, depth: number): Promise<RunOutcome>;
}

/**
 * Nested runs record nothing of their own: their steps would crowd the parent's record, and the
 * parent step already holds their rows and, in its error path, where they failed.
 */
const nestedRunRecorder: RunRecorder = {
  runStatus: () => Promise.resolve(),
  step: () => Promise.resolve(),
  keepOutput: () => Promise.resolve(false),
  keptOutput: () => Promise.resolve(null),
};

/** Attaches the executor's controls to one attempt's context (see stage-controls.ts). */
export function createStageControls(context: StageContext<unknown>, deps: StageControlDeps): void {
  const { options, stage } = deps;
  const runNested = async (spec: PipelineSpec, version: number, input: PipelineRow[], params: Record<string, ParamValue>, signal: AbortSignal): Promise<NestedRunOutcome> => {
    const outcome = await deps.executeNested(
      {
        spec,
        run: { runId: `${options.run.runId}/${stage.stage.id}/${crypto.randomUUID()}`, tenantId: options.run.tenantId, pipelineId: options.run.pipelineId, version },
        params,
        range: options.range ?? null,
        services: options.services,
        recorder: nestedRunRecorder,
        signal,
        ...(options.components ? { components: options.components } : {}),
        ...(options.maxConcurrentStages ? { maxConcurrentStages: options.maxConcurrentStages } : {}),
        ...(options.approvals ? { approvals: options.approvals } : {}),
        ...(options.subPipelines ? { subPipelines: options.subPipelines } : {}),
        input,
        ...(options.now ? { now: options.now } : {}),
      },
      deps.depth + 1,
    );
    if (outcome.status === 'succeeded') return { ok: true, rows: outcome.result };
    return { ok: false, status: outcome.status, error: outcome.error ?? { message: `nested run ${outcome.status}`, path: [] }, failure: outcome.failure };
  };

  attachStageControls(context, {
    runInput: () => options.input ?? [],
    runStages: (stages, input, signal) => {
      // The body sees the run's params: declared with their values as defaults, so it needs no declarations of its own.
      const params = Object.fromEntries(Object.entries(context.params).map(([name, value]) => [name, { type: paramType(value), default: value }]));
      const body: PipelineSpec = { specVersion: PIPELINE_SPEC_VERSION, name: `${stage.stage.id} body`, params, triggers: [{ type: 'manual' }], stages: [...stages] };
      return runNested(body, options.run.version, input, {}, signal);
    },
    runSubPipeline: async (ref, input, params, signal) => {
      const resolver = options.subPipelines;
      if (!resolver) throw new StageFailure('this executor was given no sub-pipeline resolver', { code: 'no_resolver', retryable: false });
      const found = await resolver.resolve({ tenantId: options.run.tenantId, pipelineId: ref.pipelineId, version: ref.version }, signal);
      if (!found) throw new StageFailure(`pipeline "${ref.pipelineId}" version ${ref.version} is not published in this tenant`, { code: 'not_found', retryable: false });
      return runNested(found.spec, found.version, input, params, signal);
    },
    endRun: deps.endRun,
    leaveMainOutputUntaken: deps.leaveMainOutputUntaken,
    awaitApproval: async (plan, signal) => {
      const approvals = options.approvals;
      if (!approvals) throw new StageFailure('this executor was given no approvals service', { code: 'no_approvals', retryable: false });
      const approvalId = await approvals.requestApproval({
        ...plan,
        sample: plan.sample.slice(0, STEP_SAMPLE_ROWS),
        tenantId: options.run.tenantId,
        pipelineId: options.run.pipelineId,
        runId: options.run.runId,
        stageId: stage.stage.id,
        ...(stage.policy.timeoutMs === undefined ? {} : { expiresInMs: stage.policy.timeoutMs }),
      });
      await deps.recordStep('waiting_approval');
      await deps.recordRunStatus('waiting_approval');
      try {
        return await raceWithSignal(approvals.waitForDecision(approvalId, signal), signal);
      } catch (error) {
        if (signal.aborted) await approvals.withdraw(approvalId, `the run stopped waiting: ${abortReason(signal)}`);
        throw error;
      } finally {
        if (!signal.aborted) {
          await deps.recordRunStatus('running');
          await deps.recordStep('running');
        }
      }
    },
  });
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return 'the stage timed out';
  return reason instanceof Error ? reason.message : String(reason);
}

function paramType(value: ParamValue): 'number' | 'string' | 'boolean' {
  if (typeof value === 'number') return 'number';
  return typeof value === 'boolean' ? 'boolean' : 'string';
}

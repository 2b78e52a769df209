import type { PipelineRow, PipelineStage, StepError } from '@facilflow/contracts';
import type { ParamValue, StageContext } from '../components/component.ts';
import type { ApprovalDecision, ApprovalPlan } from './approvals.ts';

/** How a nested run (a for-each item, a try/catch body, a sub-pipeline) ended. */
export type NestedRunOutcome =
  | { ok: true; rows: PipelineRow[] }
  /** `error.path` is relative to the nested spec, e.g. ["stages", 1]; `failure` names the stage and attempt that ended it. */
  | { ok: false; status: 'failed' | 'timed_out' | 'cancelled'; error: StepError; failure: { stageId: string; attempt: number } | null };

/**
 * What the executor offers control-flow components beyond the StageContext of component.ts:
 * nested runs, the run's handed-in rows, ending the run early and waiting for an approval. It is
 * attached to the context object by the executor (see `stageControls`), so other components
 * never see it and a control component run outside the executor fails with a clear message.
 */
export interface StageControls {
  /** The rows the run was handed: a sub-pipeline's or for-each item's input, a webhook's payload. */
  runInput(): PipelineRow[];
  /** Runs stages as a nested run (same services, tenant, params and signal; nothing recorded on its own). */
  runStages(stages: readonly PipelineStage[], input: PipelineRow[], signal: AbortSignal): Promise<NestedRunOutcome>;
  /** Runs a published pipeline of the run's tenant as a nested run. */
  runSubPipeline(
    ref: { pipelineId: string; version: number | 'latest' },
    input: PipelineRow[],
    params: Record<string, ParamValue>,
    signal: AbortSignal,
  ): Promise<NestedRunOutcome>;
  /** Ends the run once this stage succeeds: no further stage starts, `rows` becomes the run's result. */
  endRun(rows: PipelineRow[]): void;
  /** Leaves this attempt's main output untaken, so stages reading only it are skipped (a try/catch that caught a failure). */
  leaveMainOutputUntaken(): void;
  /** Records the step and the run as waiting for approval, asks, and waits for the decision. */
  awaitApproval(plan: Omit<ApprovalPlan, 'tenantId' | 'pipelineId' | 'runId' | 'stageId'>, signal: AbortSignal): Promise<ApprovalDecision>;
}

const controlsByContext = new WeakMap<object, StageControls>();

export function attachStageControls(context: object, controls: StageControls): void {
  controlsByContext.set(context, controls);
}

export function stageControls(context: StageContext<unknown>): StageControls {
  const controls = controlsByContext.get(context);
  if (!controls) throw new Error(`stage "${context.stageId}" uses a control-flow component, which runs only inside the pipeline executor`);
  return controls;
}

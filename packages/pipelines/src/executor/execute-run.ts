import type { PipelineRow, PipelineSpec, RunStatus, RunTriggerKind, StepError, StepStatus } from '@facilflow/contracts';
import { findComponent } from '../components/catalog.ts';
import type { ParamValue, StageOutput } from '../components/component.ts';
import type { ComponentServices } from '../components/component-services.ts';
import type { Approvals } from './approvals.ts';
import { planStages, type ComponentLookup } from './plan-stages.ts';
import type { RunControl } from './run-control.ts';
import { resolveRunParams } from './run-params.ts';
import type { RunRecorder } from './run-recorder.ts';
import type { StageLogEntry } from './run-stage.ts';
import { RunScheduler } from './run-scheduler.ts';
import type { SubPipelineResolver } from './sub-pipeline-resolver.ts';

export { DEFAULT_MAX_CONCURRENT_STAGES } from './run-scheduler.ts';

export interface RunIdentity {
  runId: string;
  tenantId: string;
  pipelineId: string;
  /** The spec version the run pinned. */
  version: number;
  trigger?: RunTriggerKind;
  replayOf?: { runId: string; fromStage: string } | null;
}

export interface ExecuteRunOptions {
  spec: PipelineSpec;
  run: RunIdentity;
  /** Checked against the spec's params, defaults filled in. */
  params?: Readonly<Record<string, ParamValue>>;
  range?: { from: number; to: number } | null;
  services: ComponentServices;
  recorder: RunRecorder;
  /** Cancels the run (a worker shutting down, an operator's cancel through the queue). */
  signal?: AbortSignal;
  /** Where `use` names are looked up; the catalog unless given. */
  components?: ComponentLookup;
  /** How many stages run at once (the worker's capacity for this run). */
  maxConcurrentStages?: number;
  /** Pause, resume, step and cancel in this process; breakpoints need it to stop at. */
  control?: RunControl;
  approvals?: Approvals;
  subPipelines?: SubPipelineResolver;
  /** Rows handed to the run, read by `control.input` (a sub-pipeline's or for-each item's input). */
  input?: PipelineRow[];
  /** Replay: outputs taken for these stages instead of running them. */
  reuse?: ReadonlyMap<string, StageOutput>;
  /** Replay with edited inputs: for a stage, rows by `needs` reference replacing what upstream produced. */
  inputOverrides?: ReadonlyMap<string, Readonly<Record<string, PipelineRow[]>>>;
  log?: (entry: StageLogEntry) => void;
  now?: () => Date;
}

export interface RunOutcome {
  runId: string;
  status: Extract<RunStatus, 'succeeded' | 'failed' | 'cancelled' | 'timed_out'>;
  error: StepError | null;
  /** A `control.return`'s input when one ended the run, else the last stage's main output. */
  result: PipelineRow[];
  /** Each stage's final status. */
  stages: Record<string, StepStatus>;
  /** The stage whose failure ended the run, and on which attempt. */
  failure: { stageId: string; attempt: number } | null;
}

/** Sub-pipelines calling sub-pipelines stop here, so a pipeline that includes itself cannot run away. */
const MAX_NESTING_DEPTH = 8;

/** Runs a batch pipeline: stages in dependency order, independent ones side by side within the capacity. */
export function executeRun(options: ExecuteRunOptions): Promise<RunOutcome> {
  return executeRunAt(options, 0);
}

export async function executeRunAt(options: ExecuteRunOptions, depth: number): Promise<RunOutcome> {
  const now = options.now ?? (() => new Date());
  const { recorder, run } = options;
  const resolved = resolveRunParams(options.spec.params, options.params ?? {});
  await recorder.runStarted?.({
    runId: run.runId,
    pipelineId: run.pipelineId,
    version: run.version,
    trigger: run.trigger ?? 'manual',
    params: resolved.ok ? resolved.params : { ...options.params },
    range: options.range ?? null,
    replayOf: run.replayOf ?? null,
    at: now(),
  });
  const refuse = async (error: StepError): Promise<RunOutcome> => {
    await recorder.runStatus(run.runId, 'failed', { at: now(), error });
    return { runId: run.runId, status: 'failed', error, result: [], stages: {}, failure: null };
  };
  if (!resolved.ok) return refuse(resolved.error);
  if (depth > MAX_NESTING_DEPTH) return refuse({ message: `pipelines nest deeper than ${MAX_NESTING_DEPTH} levels`, path: [], code: 'nesting_too_deep' });
  const plan = planStages(options.spec.stages, options.components ?? findComponent);
  if (!plan.ok) return refuse(plan.error);
  await recorder.runStatus(run.runId, 'running', { at: now() });
  return new RunScheduler(options, plan.stages, resolved.params, depth, now, executeRunAt).run();
}

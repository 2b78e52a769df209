import { pipelineSpecSchema, type PipelineRow, type RunTriggerKind, type TenantScope } from '@facilflow/contracts';
import { executeRun, replayRun, type ComponentDefinition, type ParamValue, type RunControl, type RunOutcome, type StageOutput } from '@facilflow/pipelines';
import { desc, eq, schema } from '@facilflow/db';
import { createComponentServices } from '../pipeline-runtime/create-component-services.ts';
import { findVersionRow } from '../pipelines/find-pipeline.ts';
import { pipelineEngineOf } from '../pipelines/pipeline-engine.ts';
import { createPostgresRunRecorder } from '../pipelines/postgres-run-recorder.ts';
import type { RunRow } from '../pipelines/to-run.ts';
import type { Services } from '../services.ts';
import { liveRunRecorder } from './live-run-recorder.ts';
import { runApprovals } from './run-approvals.ts';
import { tenantSubPipelines } from './sub-pipeline-resolver.ts';

const steps = schema.pipelineSteps;

export interface ClaimedRun {
  run: RunRow;
  /** Another worker ran it before and died: stages whose outputs it kept are not run again. */
  takeover: boolean;
  control: RunControl;
  signal: AbortSignal;
  /** False once another worker took the run over: nothing more of it is recorded here. */
  stillHeld?: () => boolean;
  maxConcurrentStages?: number | undefined;
}

/** Runs a claimed run of its pinned version, recorded in the database and told to live views. */
export async function executeClaimedRun(services: Services, claimed: ClaimedRun): Promise<RunOutcome> {
  const { run } = claimed;
  const tenantId = run.tenantId;
  const scope: TenantScope = { tenantId, actor: { type: 'system', name: 'pipeline-worker' }, role: 'service' };
  const spec = await services.db.withTenant(tenantId, async (tx) => pipelineSpecSchema.parse((await findVersionRow(tx, run.pipelineId, run.version)).spec));
  const postgres = createPostgresRunRecorder(services, tenantId);
  const reuse = claimed.takeover ? await keptSucceededOutputs(services, run, postgres.keptOutput) : new Map<string, StageOutput>();
  const stillHeld = claimed.stillHeld ?? (() => true);
  const recorder = liveRunRecorder(services, tenantId, run.pipelineId, postgres, { skipReused: claimed.takeover, stillHeld });
  const byName = new Map<string, ComponentDefinition>(pipelineEngineOf(services).components().map((component) => [component.name, component]));
  const options = {
    spec,
    run: { runId: run.id, tenantId, pipelineId: run.pipelineId, version: run.version, trigger: run.trigger as RunTriggerKind },
    params: run.params as Record<string, ParamValue>,
    range: run.rangeFrom && run.rangeTo ? { from: run.rangeFrom.getTime(), to: run.rangeTo.getTime() } : null,
    services: createComponentServices(services, scope, { id: run.pipelineId, version: run.version }),
    recorder,
    signal: claimed.signal,
    components: (name: string) => byName.get(name),
    control: claimed.control,
    subPipelines: tenantSubPipelines(services, tenantId),
    approvals: runApprovals(services, tenantId, stillHeld),
    now: services.now,
    ...(claimed.maxConcurrentStages ? { maxConcurrentStages: claimed.maxConcurrentStages } : {}),
    // A webhook's payload, kept on the run so a takeover or a replay reads the same rows.
    ...(run.input ? { input: run.input as PipelineRow[] } : {}),
  };
  if (run.replayOfRunId && run.replayFromStage) {
    const editedInputs = (run.replayInputs as Record<string, StageOutput['rows']> | null) ?? undefined;
    return replayRun({ ...options, replayOf: { runId: run.replayOfRunId, fromStage: run.replayFromStage }, ...(editedInputs ? { editedInputs } : {}) });
  }
  return executeRun({ ...options, reuse });
}

/** The outputs the run kept for stages whose latest attempt succeeded: what a takeover need not compute again. */
async function keptSucceededOutputs(
  services: Services,
  run: RunRow,
  keptOutput: (runId: string, stageId: string) => Promise<StageOutput | null>,
): Promise<Map<string, StageOutput>> {
  const recorded = await services.db.withTenant(run.tenantId, (tx) =>
    tx.select({ stageId: steps.stageId, attempt: steps.attempt, status: steps.status }).from(steps).where(eq(steps.runId, run.id)).orderBy(desc(steps.attempt)),
  );
  const latest = new Map<string, string>();
  for (const step of recorded) if (!latest.has(step.stageId)) latest.set(step.stageId, step.status);
  const reuse = new Map<string, StageOutput>();
  for (const [stageId, status] of latest) {
    if (status !== 'succeeded') continue;
    const kept = await keptOutput(run.id, stageId);
    if (kept) reuse.set(stageId, kept);
  }
  return reuse;
}

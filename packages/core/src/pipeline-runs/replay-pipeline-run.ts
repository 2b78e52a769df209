import { FacilFlowError, pipelineSpecSchema, type PipelineRow, type RunRecord, type TenantScope } from '@facilflow/contracts';
import type { ParamValue } from '@facilflow/pipelines';
import { eq, schema } from '@facilflow/db';
import { findVersionRow } from '../pipelines/find-pipeline.ts';
import { findRunRow } from '../pipelines/find-run.ts';
import { queueRun } from '../pipelines/queue-run.ts';
import type { Services } from '../services.ts';
import { enqueueQueuedRun } from './run-job.ts';

export interface ReplayPipelineRunInput {
  runId: string;
  fromStage: string;
  /** Another published version of the same pipeline; the replayed run's own by default. */
  version?: number | undefined;
  /** Rows by `needs` reference of the stage replayed from, in place of what its upstream kept. */
  editedInputs?: Record<string, PipelineRow[]> | undefined;
}

/**
 * Starts a new run replaying one of the tenant's runs from a stage: upstream stages take the
 * outputs the replayed run kept, the stage and everything downstream run again. A run of
 * another tenant is not found.
 */
export async function replayPipelineRun(services: Services, scope: TenantScope, input: ReplayPipelineRunInput): Promise<RunRecord> {
  const replayed = await services.db.withTenant(scope.tenantId, async (tx) => {
    const { run } = await findRunRow(tx, input.runId);
    const version = input.version ?? run.version;
    const spec = pipelineSpecSchema.parse((await findVersionRow(tx, run.pipelineId, version)).spec);
    const from = spec.stages.find((stage) => stage.id === input.fromStage);
    if (!from) throw new FacilFlowError('INVALID', `Version ${version} has no stage "${input.fromStage}" to replay from`);
    for (const ref of Object.keys(input.editedInputs ?? {})) {
      if (!from.needs.includes(ref)) throw new FacilFlowError('INVALID', `Stage "${from.id}" has no input "${ref}" (its inputs: ${from.needs.join(', ') || 'none'})`);
    }
    return { run, version };
  });
  const queued = await queueRun(services, scope, {
    pipelineId: replayed.run.pipelineId,
    version: replayed.version,
    trigger: 'replay',
    range: replayed.run.rangeFrom && replayed.run.rangeTo ? { from: replayed.run.rangeFrom, to: replayed.run.rangeTo } : null,
    params: replayed.run.params as Record<string, ParamValue>,
    replayOf: { runId: replayed.run.id, fromStage: input.fromStage },
  });
  if (input.editedInputs) {
    await services.db.withTenant(scope.tenantId, (tx) => tx.update(schema.pipelineRuns).set({ replayInputs: input.editedInputs }).where(eq(schema.pipelineRuns.id, queued.id)));
  }
  await enqueueQueuedRun(services, scope, queued);
  return queued;
}

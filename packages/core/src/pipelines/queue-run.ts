import { actorId, FacilFlowError, pipelineSpecSchema, type PipelineRow, type RunRecord, type RunTriggerKind, type TenantScope } from '@facilflow/contracts';
import type { ParamValue } from '@facilflow/pipelines';
import { schema, type Tx } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';
import { findPipelineRow, findVersionRow } from './find-pipeline.ts';
import { resolveRunParams } from './resolve-run-params.ts';
import { toRunRecord } from './to-run.ts';

export interface QueueRunInput {
  pipelineId: string;
  /** The published version to pin; the latest by default. */
  version?: number | undefined;
  trigger: RunTriggerKind;
  range?: { from: Date; to: Date } | null | undefined;
  params?: Readonly<Record<string, ParamValue>> | undefined;
  replayOf?: { runId: string; fromStage: string } | null | undefined;
  /** The cron firing starting it (`<scheduleId>@<fireAt>`); a second run for the same firing is refused as a unique violation. */
  scheduleFiring?: string | undefined;
  /** Rows handed to the run (a webhook's payload), what its `control.input` stages output. */
  input?: readonly PipelineRow[] | undefined;
}

/**
 * Records a queued run pinned to a published version, with its params resolved: what the
 * executor then runs and reports on through the run recorder.
 */
export function queueRun(services: Services, scope: TenantScope, input: QueueRunInput): Promise<RunRecord> {
  return services.db.withTenant(scope.tenantId, (tx) => queueRunIn(tx, services, scope, input));
}

/** queueRun inside a transaction of the caller's (a backfill queues its slices' runs in one). */
export async function queueRunIn(tx: Tx, services: Services, scope: TenantScope, input: QueueRunInput): Promise<RunRecord> {
  const pipeline = await findPipelineRow(tx, input.pipelineId);
  if (pipeline.status === 'archived') throw new FacilFlowError('CONFLICT', `Pipeline "${pipeline.name}" is archived and cannot run`);
  const version = input.version ?? pipeline.latestVersion;
  if (version === null) throw new FacilFlowError('CONFLICT', `"${pipeline.name}" has no published version to run: publish it first`);
  const pinned = await findVersionRow(tx, pipeline.id, version);
  const spec = pipelineSpecSchema.parse(pinned.spec);
  if (input.range && !(input.range.from < input.range.to)) throw new FacilFlowError('INVALID', 'A run range must end after it starts');
  const now = services.now();
  const [row] = await tx
    .insert(schema.pipelineRuns)
    .values({
      id: `run_${newSortableId(now)}`,
      tenantId: scope.tenantId,
      pipelineId: pipeline.id,
      version,
      status: 'queued',
      trigger: input.trigger,
      rangeFrom: input.range?.from ?? null,
      rangeTo: input.range?.to ?? null,
      params: resolveRunParams(spec, input.params ?? {}),
      replayOfRunId: input.replayOf?.runId ?? null,
      replayFromStage: input.replayOf?.fromStage ?? null,
      scheduleFiring: input.scheduleFiring ?? null,
      input: input.input ?? null,
      triggeredBy: actorId(scope.actor),
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return toRunRecord(row, pipeline.name);
}

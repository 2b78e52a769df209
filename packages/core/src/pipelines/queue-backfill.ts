import { FacilFlowError, type RunRecord, type TenantScope } from '@facilflow/contracts';
import type { ParamValue } from '@facilflow/pipelines';
import { and, eq, gte, lte, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findPipelineRow } from './find-pipeline.ts';
import { queueRunIn } from './queue-run.ts';

/** The most slices one backfill may cut a range into. */
export const MAX_BACKFILL_SLICES = 1000;

const slices = schema.backfillSlices;
const runs = schema.pipelineRuns;
const UNDER_WAY = new Set(['queued', 'running', 'paused', 'waiting_approval']);

export interface BackfillInput {
  pipelineId: string;
  version?: number | undefined;
  from: Date;
  to: Date;
  sliceMs: number;
  params?: Readonly<Record<string, ParamValue>> | undefined;
}

export interface BackfillResult {
  version: number;
  /** The runs queued now, one per slice that had not succeeded. */
  queued: RunRecord[];
  /** Slices a run of the same version already computed. */
  succeeded: number;
  /** Slices whose run is still under way: left to it rather than run twice. */
  underWay: number;
}

function cutSlices(from: Date, to: Date, sliceMs: number): Array<{ from: Date; to: Date }> {
  if (!(from < to) || !(sliceMs > 0)) throw new FacilFlowError('INVALID', 'A backfill needs a range that ends after it starts and a positive slice length');
  const count = Math.ceil((to.getTime() - from.getTime()) / sliceMs);
  if (count > MAX_BACKFILL_SLICES) throw new FacilFlowError('INVALID', `The range cuts into ${count} slices, more than ${MAX_BACKFILL_SLICES}: use longer slices or a shorter range`);
  return Array.from({ length: count }, (_, i) => ({ from: new Date(from.getTime() + i * sliceMs), to: new Date(Math.min(to.getTime(), from.getTime() + (i + 1) * sliceMs)) }));
}

const sliceKey = (from: Date, to: Date) => `${from.getTime()}-${to.getTime()}`;

/**
 * Queues one batch run per slice of a past range that a run of this version has not computed
 * yet: succeeded slices are skipped and slices under way are left to their run, so a backfill
 * again over the same range fills only the gaps. One transaction, the pipeline locked, so two
 * backfills at once cannot queue a slice twice.
 */
export async function queueBackfill(services: Services, scope: TenantScope, input: BackfillInput): Promise<BackfillResult> {
  const wanted = cutSlices(input.from, input.to, input.sliceMs);
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const pipeline = await findPipelineRow(tx, input.pipelineId, { forUpdate: true });
    const version = input.version ?? pipeline.latestVersion;
    if (version === null) throw new FacilFlowError('CONFLICT', `"${pipeline.name}" has no published version to backfill: publish it first`);
    const known = await tx
      .select({ from: slices.sliceFrom, to: slices.sliceTo, status: runs.status })
      .from(slices)
      .innerJoin(runs, eq(runs.id, slices.runId))
      .where(and(eq(slices.pipelineId, pipeline.id), eq(slices.version, version), gte(slices.sliceFrom, input.from), lte(slices.sliceTo, input.to)));
    const statusOf = new Map(known.map((slice) => [sliceKey(slice.from, slice.to), slice.status]));
    const result: BackfillResult = { version, queued: [], succeeded: 0, underWay: 0 };
    for (const slice of wanted) {
      const status = statusOf.get(sliceKey(slice.from, slice.to));
      if (status === 'succeeded') result.succeeded += 1;
      else if (status !== undefined && UNDER_WAY.has(status)) result.underWay += 1;
      else {
        const run = await queueRunIn(tx, services, scope, { pipelineId: pipeline.id, version, trigger: 'backfill', range: slice, params: input.params });
        await tx
          .insert(slices)
          .values({ tenantId: scope.tenantId, pipelineId: pipeline.id, version, sliceFrom: slice.from, sliceTo: slice.to, runId: run.id })
          .onConflictDoUpdate({ target: [slices.pipelineId, slices.version, slices.sliceFrom, slices.sliceTo], set: { runId: run.id } });
        result.queued.push(run);
      }
    }
    return result;
  });
}

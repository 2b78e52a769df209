import { FacilFlowError, type RunRecord, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import { findRunRow } from '../pipelines/find-run.ts';
import { toRunRecord } from '../pipelines/to-run.ts';
import type { Services } from '../services.ts';
import { pipelineControlChannel, type RunControlAction } from './run-channels.ts';

const runs = schema.pipelineRuns;
const ENDED = ['succeeded', 'failed', 'cancelled', 'timed_out'];

/**
 * Sends an operator's control to the run. A queued run cancelled before any worker took it
 * is marked cancelled here; a run under way gets the control from the worker holding it.
 */
export async function controlRun(services: Services, scope: TenantScope, input: { id: string }, action: RunControlAction): Promise<{ run: RunRecord; delivered: boolean }> {
  const { run, pipelineName, cancelledHere } = await services.db.withTenant(scope.tenantId, async (tx) => {
    const found = await findRunRow(tx, input.id);
    if (ENDED.includes(found.run.status)) throw new FacilFlowError('CONFLICT', `Run ${input.id} already ended (${found.run.status})`);
    if (action === 'cancel' && found.run.status === 'queued') {
      const at = services.now();
      const [cancelled] = await tx
        .update(runs)
        .set({ status: 'cancelled', endedAt: at, error: { message: 'cancelled before it started', path: [], code: 'cancelled' } })
        .where(and(eq(runs.id, input.id), eq(runs.status, 'queued')))
        .returning();
      if (cancelled) return { run: cancelled, pipelineName: found.pipelineName, cancelledHere: true };
    }
    return { ...found, cancelledHere: false };
  });
  if (!cancelledHere) await services.bus.publish(pipelineControlChannel(scope.tenantId), { runId: run.id, action });
  return { run: toRunRecord(run, pipelineName), delivered: !cancelledHere };
}

export async function planCancelRun(services: Services, scope: TenantScope, input: { id: string }): Promise<string> {
  const { run, pipelineName } = await services.db.withTenant(scope.tenantId, (tx) => findRunRow(tx, input.id));
  if (ENDED.includes(run.status)) return `Run ${run.id} of "${pipelineName}" already ended (${run.status}): cancelling it changes nothing.`;
  return `Cancel run ${run.id} of "${pipelineName}" (${run.status}): running stages are aborted (their queries included), stages not started are recorded cancelled, and the run ends cancelled.`;
}

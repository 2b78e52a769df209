import { actorId, FacilFlowError, type PipelineRecord, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findEditablePipelineRow } from './find-pipeline.ts';
import { toPipelineRecord } from './to-pipeline.ts';
import { announcePipelineChange } from './announce-pipeline-change.ts';

/** Moves a pipeline between active and paused; the same status again, or pausing one that is not active, changes nothing. */
export async function setPipelineStatus(
  services: Services,
  scope: TenantScope,
  id: string,
  status: 'active' | 'paused',
): Promise<{ pipeline: PipelineRecord; changed: boolean }> {
  const result = await services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findEditablePipelineRow(tx, id);
    if (row.status === status || (status === 'paused' && row.status !== 'active')) return { pipeline: toPipelineRecord(row), changed: false };
    if (status === 'active' && row.latestVersion === null) throw new FacilFlowError('CONFLICT', `"${row.name}" has no published version to run: publish it first`);
    const [updated] = await tx.update(schema.pipelines).set({ status, updatedBy: actorId(scope.actor), updatedAt: services.now(), ...(status === 'active' ? { startedAt: services.now() } : {}) }).where(eq(schema.pipelines.id, id)).returning();
    if (!updated) throw new Error('update returned no row');
    return { pipeline: toPipelineRecord(updated), changed: true };
  });
  if (result.changed) await announcePipelineChange(services, scope.tenantId, id);
  return result;
}

import { actorId, FacilFlowError, type TenantScope } from '@facilflow/contracts';
import { eq, hasPgCode, schema, UNIQUE_VIOLATION, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import type { PipelineRow, PipelineVersionRow } from './to-pipeline.ts';

/**
 * Writes version n+1 of a pipeline locked by the caller, and points the pipeline at it; the
 * spec becomes the draft as well, so the next edit starts from what was published.
 */
export async function insertVersion(
  services: Services,
  scope: TenantScope,
  tx: Tx,
  pipeline: PipelineRow,
  version: { spec: Record<string, unknown>; note: string | null; copiedFrom: number | null },
): Promise<{ pipeline: PipelineRow; version: PipelineVersionRow }> {
  const now = services.now();
  const by = actorId(scope.actor);
  const number = (pipeline.latestVersion ?? 0) + 1;
  const [inserted] = await tx
    .insert(schema.pipelineVersions)
    .values({ tenantId: scope.tenantId, pipelineId: pipeline.id, version: number, ...version, publishedBy: by, publishedAt: now })
    .returning()
    .catch((error: unknown) => {
      if (hasPgCode(error, UNIQUE_VIOLATION)) throw new FacilFlowError('CONFLICT', `Version ${number} of "${pipeline.name}" was published meanwhile: read it again`);
      throw error;
    });
  const [updated] = await tx
    .update(schema.pipelines)
    .set({ latestVersion: number, draftSpec: version.spec, updatedBy: by, updatedAt: now })
    .where(eq(schema.pipelines.id, pipeline.id))
    .returning();
  if (!inserted || !updated) throw new Error('publishing returned no row');
  return { pipeline: updated, version: inserted };
}

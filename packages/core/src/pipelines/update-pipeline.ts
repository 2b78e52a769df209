import { actorId, type DraftSpec, type PipelineProblem, type PipelineRecord, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { draftColumns } from './draft-columns.ts';
import { duplicatePipelineName } from './duplicate-pipeline-name.ts';
import { findEditablePipelineRow } from './find-pipeline.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';
import { toPipelineRecord } from './to-pipeline.ts';
import { issueWebhookSecretIfNeeded } from './webhook-secret.ts';

/** Replaces the draft; published versions and the runs pinned to them do not change. */
export async function updatePipeline(
  services: Services,
  scope: TenantScope,
  input: { id: string; spec: DraftSpec },
): Promise<{ pipeline: PipelineRecord; problems: PipelineProblem[]; webhookSecret: string | null }> {
  const { row, webhook } = await services.db
    .withTenant(scope.tenantId, async (tx) => {
      const current = await findEditablePipelineRow(tx, input.id);
      const issued = issueWebhookSecretIfNeeded(input.spec, current.webhookSecretHash);
      const [updated] = await tx
        .update(schema.pipelines)
        .set({ ...draftColumns(input.spec), ...(issued ? { webhookSecretHash: issued.hash } : {}), updatedBy: actorId(scope.actor), updatedAt: services.now() })
        .where(eq(schema.pipelines.id, input.id))
        .returning();
      return { row: updated, webhook: issued };
    })
    .catch(duplicatePipelineName(input.spec.name));
  if (!row) throw new Error('update returned no row');
  return { pipeline: toPipelineRecord(row), problems: pipelineEngineOf(services).validate(input.spec).problems, webhookSecret: webhook?.secret ?? null };
}

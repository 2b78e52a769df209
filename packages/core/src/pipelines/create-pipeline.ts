import { actorId, type DraftSpec, type PipelineProblem, type PipelineRecord, type TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { draftColumns } from './draft-columns.ts';
import { duplicatePipelineName } from './duplicate-pipeline-name.ts';
import { pipelineEngineOf } from './pipeline-engine.ts';
import { toPipelineRecord } from './to-pipeline.ts';
import { issueWebhookSecretIfNeeded } from './webhook-secret.ts';

/** Saves a new pipeline as a draft, valid or not; the problems say what stands before publishing it. */
export async function createPipeline(
  services: Services,
  scope: TenantScope,
  input: { spec: DraftSpec },
): Promise<{ pipeline: PipelineRecord; problems: PipelineProblem[]; webhookSecret: string | null }> {
  const now = services.now();
  const webhook = issueWebhookSecretIfNeeded(input.spec, null);
  const by = actorId(scope.actor);
  const [row] = await services.db
    .withTenant(scope.tenantId, (tx) =>
      tx
        .insert(schema.pipelines)
        .values({ id: newId('pl'), tenantId: scope.tenantId, status: 'draft', ...draftColumns(input.spec), webhookSecretHash: webhook?.hash ?? null, createdBy: by, createdAt: now, updatedBy: by, updatedAt: now })
        .returning(),
    )
    .catch(duplicatePipelineName(input.spec.name));
  if (!row) throw new Error('insert returned no row');
  return { pipeline: toPipelineRecord(row), problems: pipelineEngineOf(services).validate(input.spec).problems, webhookSecret: webhook?.secret ?? null };
}

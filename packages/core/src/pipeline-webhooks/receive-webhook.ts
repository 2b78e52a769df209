import { FacilFlowError, parsePipelineWebhookCredential, pipelineSpecSchema, type PipelineRow, type RunRecord, type TenantScope } from '@facilflow/contracts';
import { and, count, eq, gt, schema } from '@facilflow/db';
import { enqueueQueuedRun } from '../pipeline-runs/run-job.ts';
import { findPipelineRow, findVersionRow } from '../pipelines/find-pipeline.ts';
import { queueRunIn } from '../pipelines/queue-run.ts';
import type { Services } from '../services.ts';

/**
 * Runs one pipeline's webhook may start within WEBHOOK_RATE.windowMs. Counted from the runs
 * table under a lock of the pipeline's row, so the bound holds across nodes and parallel calls.
 */
export const WEBHOOK_RATE = { runs: 60, windowMs: 60_000 } as const;

const runs = schema.pipelineRuns;

/**
 * A webhook call whose credential checked out, in the tenant that credential opened: the
 * pipeline must be active with a webhook trigger on its latest published version, within its
 * rate; then a run of that version is queued with the payload as its input rows and handed to
 * the workers.
 */
export async function receivePipelineWebhook(services: Services, scope: TenantScope, input: { credential: string; payload: PipelineRow | PipelineRow[] }): Promise<RunRecord> {
  const address = parsePipelineWebhookCredential(input.credential);
  if (!address || address.tenantId !== scope.tenantId) throw new Error('receivePipelineWebhook needs the credential the runtime checked');
  const rows = Array.isArray(input.payload) ? input.payload : [input.payload];
  const run = await services.db.withTenant(scope.tenantId, async (tx) => {
    const pipeline = await findPipelineRow(tx, address.pipelineId, { forUpdate: true });
    if (pipeline.status !== 'active' || pipeline.latestVersion === null) {
      throw new FacilFlowError('CONFLICT', `Pipeline "${pipeline.name}" is ${pipeline.status}: its webhook runs it once it is published and started`);
    }
    const spec = pipelineSpecSchema.parse((await findVersionRow(tx, pipeline.id, pipeline.latestVersion)).spec);
    if (!spec.triggers.some((trigger) => trigger.type === 'webhook')) {
      throw new FacilFlowError('CONFLICT', `Version ${pipeline.latestVersion} of "${pipeline.name}" has no webhook trigger`);
    }
    const since = new Date(services.now().getTime() - WEBHOOK_RATE.windowMs);
    const [recent] = await tx
      .select({ n: count() })
      .from(runs)
      .where(and(eq(runs.pipelineId, pipeline.id), eq(runs.trigger, 'webhook'), gt(runs.createdAt, since)));
    if ((recent?.n ?? 0) >= WEBHOOK_RATE.runs) {
      const retryAfterSeconds = Math.ceil(WEBHOOK_RATE.windowMs / 1000);
      throw new FacilFlowError('RATE_LIMITED', `The webhook of "${pipeline.name}" started ${WEBHOOK_RATE.runs} runs in the last minute: try again later`, {
        limit: 'webhookRuns',
        retryAfterSeconds,
      });
    }
    return queueRunIn(tx, services, scope, { pipelineId: pipeline.id, trigger: 'webhook', input: rows });
  });
  await enqueueQueuedRun(services, scope, run);
  return run;
}

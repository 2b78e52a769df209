import { actorId, type TenantScope } from '@facilflow/contracts';
import { count, eq, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findPipelineRow } from './find-pipeline.ts';
import { announcePipelineChange } from './announce-pipeline-change.ts';

export type DeleteMode = 'archive' | 'delete';

async function historyOf(tx: Tx, pipelineId: string): Promise<{ versions: number; runs: number }> {
  const [versions] = await tx.select({ n: count() }).from(schema.pipelineVersions).where(eq(schema.pipelineVersions.pipelineId, pipelineId));
  const [runs] = await tx.select({ n: count() }).from(schema.pipelineRuns).where(eq(schema.pipelineRuns.pipelineId, pipelineId));
  return { versions: Number(versions?.n ?? 0), runs: Number(runs?.n ?? 0) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function planDeletePipeline(services: Services, scope: TenantScope, input: { id: string; mode: DeleteMode }): Promise<string> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findPipelineRow(tx, input.id);
    const { versions, runs } = await historyOf(tx, row.id);
    if (input.mode === 'archive') {
      return (
        `Archive pipeline "${row.name}" (${row.status}): its triggers stop firing and it can no longer be edited, published or run. ` +
        `Its ${plural(versions, 'version')} and ${plural(runs, 'run')} stay readable; its name is free for a new pipeline.`
      );
    }
    return `Delete pipeline "${row.name}" (${row.status}) for good, with its draft, ${plural(versions, 'version')} and ${plural(runs, 'run')} with all their steps and kept outputs.`;
  });
}

/** Archives the pipeline (history kept) or deletes it with its versions, runs and steps. */
export async function deletePipeline(services: Services, scope: TenantScope, input: { id: string; mode: DeleteMode }): Promise<{ mode: DeleteMode; versions: number; runs: number }> {
  const result = await services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findPipelineRow(tx, input.id, { forUpdate: true });
    const history = await historyOf(tx, row.id);
    if (input.mode === 'archive') {
      await tx.update(schema.pipelines).set({ status: 'archived', updatedBy: actorId(scope.actor), updatedAt: services.now() }).where(eq(schema.pipelines.id, row.id));
    } else {
      // Versions, runs, steps and kept outputs go with it by their foreign keys.
      await tx.delete(schema.pipelines).where(eq(schema.pipelines.id, row.id));
    }
    return { mode: input.mode, ...history };
  });
  await announcePipelineChange(services, scope.tenantId, input.id);
  return result;
}

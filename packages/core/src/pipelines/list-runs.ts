import type { RunRecord, RunStatus, TenantScope } from '@facilflow/contracts';
import { and, desc, eq, schema, type SQL } from '@facilflow/db';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';
import type { Services } from '../services.ts';
import { toRunRecord } from './to-run.ts';

const runs = schema.pipelineRuns;

/** Newest first, of every pipeline or one; pages never skip or repeat a run. */
export async function listRuns(
  services: Services,
  scope: TenantScope,
  input: { pipelineId?: string | undefined; status?: RunStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: RunRecord[]; nextCursor: string | null }> {
  const filters: SQL[] = [];
  if (input.pipelineId) filters.push(eq(runs.pipelineId, input.pipelineId));
  if (input.status) filters.push(eq(runs.status, input.status));
  if (input.cursor) {
    const after = afterTimeCursor(runs.createdAt, runs.id, input.cursor, 'run');
    if (after) filters.push(after);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select({ run: runs, pipelineName: schema.pipelines.name })
      .from(runs)
      .innerJoin(schema.pipelines, eq(schema.pipelines.id, runs.pipelineId))
      .where(and(...filters))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (row) => ({ at: row.run.createdAt, id: row.run.id }));
  return { items: page.map((row) => toRunRecord(row.run, row.pipelineName)), nextCursor };
}

import type { PipelineStatus, PipelineSummary, TenantScope } from '@facilflow/contracts';
import { and, desc, eq, ne, schema, type SQL } from '@facilflow/db';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';
import type { Services } from '../services.ts';
import { toPipelineSummary } from './to-pipeline.ts';

const table = schema.pipelines;

/** Most recently changed first; archived pipelines only when asked for by status. */
export async function listPipelines(
  services: Services,
  scope: TenantScope,
  input: { status?: PipelineStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: PipelineSummary[]; nextCursor: string | null }> {
  const filters: SQL[] = [input.status ? eq(table.status, input.status) : ne(table.status, 'archived')];
  if (input.cursor) {
    const after = afterTimeCursor(table.updatedAt, table.id, input.cursor, 'pipeline');
    if (after) filters.push(after);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(table)
      .where(and(...filters))
      .orderBy(desc(table.updatedAt), desc(table.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (row) => ({ at: row.updatedAt, id: row.id }));
  return { items: page.map(toPipelineSummary), nextCursor };
}

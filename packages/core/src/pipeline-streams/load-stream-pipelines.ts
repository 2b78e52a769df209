import { pipelineSpecSchema, type PipelineSpec } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';

export interface StreamPipelineVersion {
  pipelineId: string;
  version: number;
  spec: PipelineSpec;
}

/** The tenant's active pipelines whose latest published version has a stream trigger. */
export async function loadStreamPipelines(db: Database, tenantId: string): Promise<StreamPipelineVersion[]> {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx
      .select({ pipelineId: schema.pipelines.id, version: schema.pipelineVersions.version, spec: schema.pipelineVersions.spec })
      .from(schema.pipelines)
      .innerJoin(
        schema.pipelineVersions,
        and(eq(schema.pipelineVersions.tenantId, schema.pipelines.tenantId), eq(schema.pipelineVersions.pipelineId, schema.pipelines.id), eq(schema.pipelineVersions.version, schema.pipelines.latestVersion)),
      )
      .where(eq(schema.pipelines.status, 'active')),
  );
  const found: StreamPipelineVersion[] = [];
  for (const row of rows) {
    const parsed = pipelineSpecSchema.safeParse(row.spec);
    if (parsed.success && parsed.data.triggers.some((trigger) => trigger.type === 'stream')) found.push({ pipelineId: row.pipelineId, version: row.version, spec: parsed.data });
  }
  return found;
}

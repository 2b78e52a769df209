import { FacilFlowError } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';
import type { RunRow } from './to-run.ts';

export async function findRunRow(tx: Tx, id: string): Promise<{ run: RunRow; pipelineName: string }> {
  const [row] = await tx
    .select({ run: schema.pipelineRuns, pipelineName: schema.pipelines.name })
    .from(schema.pipelineRuns)
    .innerJoin(schema.pipelines, eq(schema.pipelines.id, schema.pipelineRuns.pipelineId))
    .where(eq(schema.pipelineRuns.id, id))
    .limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Run ${id} not found`);
  return row;
}

import { FacilFlowError } from '@facilflow/contracts';
import { and, desc, eq, schema, type Tx } from '@facilflow/db';
import type { PipelineRow, PipelineVersionRow } from './to-pipeline.ts';

/** The pipeline, locked for the rest of the transaction when it is about to change. */
export async function findPipelineRow(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<PipelineRow> {
  const query = tx.select().from(schema.pipelines).where(eq(schema.pipelines.id, id)).limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new FacilFlowError('NOT_FOUND', `Pipeline ${id} not found`);
  return row;
}

/** A pipeline that may still change: archived ones are kept for history only. */
export async function findEditablePipelineRow(tx: Tx, id: string): Promise<PipelineRow> {
  const row = await findPipelineRow(tx, id, { forUpdate: true });
  if (row.status === 'archived') throw new FacilFlowError('CONFLICT', `Pipeline "${row.name}" is archived: it can be read, not changed or run`);
  return row;
}

export async function findVersionRow(tx: Tx, pipelineId: string, version: number): Promise<PipelineVersionRow> {
  const [row] = await tx
    .select()
    .from(schema.pipelineVersions)
    .where(and(eq(schema.pipelineVersions.pipelineId, pipelineId), eq(schema.pipelineVersions.version, version)))
    .limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Pipeline ${pipelineId} has no version ${version}`);
  return row;
}

/** Newest first. */
export function listVersionRows(tx: Tx, pipelineId: string): Promise<PipelineVersionRow[]> {
  return tx.select().from(schema.pipelineVersions).where(eq(schema.pipelineVersions.pipelineId, pipelineId)).orderBy(desc(schema.pipelineVersions.version));
}

import { eq, schema, sql } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';
import type { StreamCheckpoint } from '@facilflow/pipelines';

export interface StreamProgress {
  batches: number;
  rowsIn: number;
  rowsOut: number;
}

/** The checkpoint kept for the pipeline's version; null when none was saved or it was saved for another version. */
export async function loadStreamCheckpoint(db: Database, tenantId: string, pipelineId: string, version: number): Promise<StreamCheckpoint | null> {
  const [row] = await db.withTenant(tenantId, (tx) =>
    tx
      .select({ checkpoint: schema.pipelineStreamStates.checkpoint, version: schema.pipelineStreamStates.version })
      .from(schema.pipelineStreamStates)
      .where(eq(schema.pipelineStreamStates.pipelineId, pipelineId)),
  );
  return row && row.version === version ? (row.checkpoint as StreamCheckpoint) : null;
}

/** Saves the checkpoints of a tenant's stream pipelines in one transaction, with what they processed since the last save. */
export async function saveStreamCheckpoints(
  db: Database,
  tenantId: string,
  states: readonly { pipelineId: string; version: number; checkpoint: StreamCheckpoint; progress: StreamProgress; lastError: unknown }[],
  at: Date,
): Promise<void> {
  if (states.length === 0) return;
  await db.withTenant(tenantId, async (tx) => {
    for (const state of states) {
      const table = schema.pipelineStreamStates;
      await tx
        .insert(table)
        .values({ tenantId, pipelineId: state.pipelineId, version: state.version, checkpoint: state.checkpoint, ...state.progress, lastError: state.lastError ?? null, updatedAt: at })
        .onConflictDoUpdate({
          target: [table.tenantId, table.pipelineId],
          set: {
            checkpoint: state.checkpoint,
            lastError: state.lastError ?? null,
            updatedAt: at,
            // Another version starts counting again.
            batches: sql`case when ${table.version} = ${state.version} then ${table.batches} + ${state.progress.batches} else ${state.progress.batches} end`,
            rowsIn: sql`case when ${table.version} = ${state.version} then ${table.rowsIn} + ${state.progress.rowsIn} else ${state.progress.rowsIn} end`,
            rowsOut: sql`case when ${table.version} = ${state.version} then ${table.rowsOut} + ${state.progress.rowsOut} else ${state.progress.rowsOut} end`,
            version: state.version,
          },
        });
    }
  });
}

import { FacilFlowError, type PipelineStep, type TenantScope } from '@facilflow/contracts';
import { and, asc, eq, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findRunRow } from './find-run.ts';
import { toStep } from './to-run.ts';

const steps = schema.pipelineSteps;

// A run's steps only grow at its end (in start order), so an offset stays a stable cursor.
const encodeOffset = (offset: number) => Buffer.from(`steps|${offset}`).toString('base64url');
function decodeOffset(cursor: string): number {
  const [tag, value] = Buffer.from(cursor, 'base64url').toString().split('|');
  const offset = Number(value);
  if (tag !== 'steps' || !Number.isInteger(offset) || offset < 0) throw new FacilFlowError('INVALID', 'Malformed steps cursor');
  return offset;
}

/** Every attempt of every stage (or of one), in the order they started, with their samples. */
export async function listRunSteps(
  services: Services,
  scope: TenantScope,
  input: { runId: string; stageId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: PipelineStep[]; nextCursor: string | null }> {
  const offset = input.cursor ? decodeOffset(input.cursor) : 0;
  const rows = await services.db.withTenant(scope.tenantId, async (tx) => {
    await findRunRow(tx, input.runId);
    return tx
      .select()
      .from(steps)
      .where(and(eq(steps.runId, input.runId), input.stageId ? eq(steps.stageId, input.stageId) : undefined))
      .orderBy(sql`${steps.startedAt} asc nulls last`, asc(steps.stageId), asc(steps.attempt))
      .offset(offset)
      .limit(input.limit + 1);
  });
  const page = rows.slice(0, input.limit);
  return { items: page.map(toStep), nextCursor: rows.length > input.limit ? encodeOffset(offset + input.limit) : null };
}

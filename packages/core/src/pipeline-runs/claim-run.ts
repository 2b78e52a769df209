import { and, eq, inArray, isNull, lt, or, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import type { RunRow } from '../pipelines/to-run.ts';

const runs = schema.pipelineRuns;

/** Statuses of a run a worker holds; past its lease, another worker may take it over. */
const UNDER_WAY = ['running', 'paused', 'waiting_approval'];

export type Claim = { claimed: true; run: RunRow; takeover: boolean } | { claimed: false; run: RunRow | null };

/**
 * Takes the run for `workerId` in one conditional update: a queued run, or one under way whose
 * worker let its lease lapse (killed mid-run). A run held under a live lease, or ended, is not
 * claimed, so a redelivered job never runs a run twice.
 */
export async function claimRun(services: Services, tenantId: string, runId: string, workerId: string, leaseMs: number): Promise<Claim> {
  return services.db.withTenant(tenantId, async (tx) => {
    const now = services.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const [before] = await tx.select().from(runs).where(eq(runs.id, runId)).limit(1);
    if (!before) return { claimed: false, run: null };
    const [claimed] = await tx
      .update(runs)
      // A queued run turns running in the same update, so a second claim racing this one finds nothing to take.
      .set({
        workerId,
        leaseUntil,
        status: sql`case when ${runs.status} = 'queued' then 'running' else ${runs.status} end`,
        startedAt: sql`coalesce(${runs.startedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(
        and(
          eq(runs.id, runId),
          or(eq(runs.status, 'queued'), and(inArray(runs.status, UNDER_WAY), or(isNull(runs.leaseUntil), lt(runs.leaseUntil, now)))),
        ),
      )
      .returning();
    if (!claimed) return { claimed: false, run: before };
    return { claimed: true, run: claimed, takeover: before.status !== 'queued' };
  });
}

/** Extends the lease while this worker still holds the run; false once another worker took it. */
export async function renewLease(services: Services, tenantId: string, runId: string, workerId: string, leaseMs: number): Promise<boolean> {
  return services.db.withTenant(tenantId, async (tx) => {
    const renewed = await tx
      .update(runs)
      .set({ leaseUntil: new Date(services.now().getTime() + leaseMs) })
      .where(and(eq(runs.id, runId), eq(runs.workerId, workerId)))
      .returning({ id: runs.id });
    return renewed.length > 0;
  });
}

/** Lets go of the run once it ended, so nothing mistakes it for one a dead worker left. */
export async function releaseRun(services: Services, tenantId: string, runId: string, workerId: string): Promise<void> {
  await services.db.withTenant(tenantId, (tx) =>
    tx.update(runs).set({ leaseUntil: null }).where(and(eq(runs.id, runId), eq(runs.workerId, workerId))),
  );
}

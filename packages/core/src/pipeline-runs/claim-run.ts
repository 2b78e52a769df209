import { and, eq, inArray, isNull, lt, or, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import type { RunRow } from '../pipelines/to-run.ts';

const runs = schema.pipelineRuns;
const turns = schema.pipelineClusterTurns;

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

/** Who is claiming: the worker, its cluster (fair share counts per cluster) and the labels it carries. */
export interface Claimant {
  workerId: string;
  cluster: string;
  labels: Record<string, string>;
}

/**
 * Places the next queued run on this worker, across tenants, in one transaction: fair share
 * first (the tenant holding the fewest runs on the cluster, and among equals the one served
 * longest ago, round robin), then the tenant's own order (the pipeline's placement priority,
 * then age). Only runs whose pipeline's required labels the worker carries are candidates.
 * So one tenant's 200-slice backfill never starves another tenant's runs queued after it.
 */
export async function claimNextRun(services: Services, claimant: Claimant, leaseMs: number): Promise<RunRow | null> {
  return services.db.withSystem('place the next queued run by tenant fair share', async (tx) => {
    const now = services.now();
    const result = await tx.execute(sql`
      with held as (
        select r.tenant_id, count(*)::int as n
        from pipeline_runs r join pipeline_workers w on w.id = r.worker_id
        where r.status in ('running', 'paused', 'waiting_approval') and w.cluster = ${claimant.cluster}
        group by r.tenant_id
      )
      select r.id
      from pipeline_runs r
      join pipeline_versions v on v.tenant_id = r.tenant_id and v.pipeline_id = r.pipeline_id and v.version = r.version
      left join held h on h.tenant_id = r.tenant_id
      left join pipeline_cluster_turns t on t.cluster = ${claimant.cluster} and t.tenant_id = r.tenant_id
      where r.status = 'queued'
        and (v.spec->'placement'->'labels' is null or ${JSON.stringify(claimant.labels)}::jsonb @> (v.spec->'placement'->'labels'))
      order by coalesce(h.n, 0), t.claimed_at asc nulls first, r.tenant_id,
        coalesce((v.spec->'placement'->>'priority')::int, 0) desc, r.created_at, r.id
      limit 1
      for update of r skip locked`);
    const [next] = ((result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as Array<{ id: string }>;
    if (!next) return null;
    const [claimed] = await tx
      .update(runs)
      .set({ workerId: claimant.workerId, leaseUntil: new Date(now.getTime() + leaseMs), status: 'running', startedAt: sql`coalesce(${runs.startedAt}, ${now.toISOString()}::timestamptz)` })
      .where(and(eq(runs.id, next.id), eq(runs.status, 'queued')))
      .returning();
    if (!claimed) return null;
    await tx
      .insert(turns)
      .values({ cluster: claimant.cluster, tenantId: claimed.tenantId, claimedAt: now, claims: 1 })
      .onConflictDoUpdate({ target: [turns.cluster, turns.tenantId], set: { claimedAt: now, claims: sql`${turns.claims} + 1` } });
    return claimed;
  });
}

/** Whether any run waits for a worker, whichever worker may take it: a job that placed nothing is handed on while one does. */
export async function anyRunQueued(services: Services): Promise<PipelineRunJobRef | null> {
  const [row] = await services.db.withSystem('is any run waiting for a worker', (tx) =>
    tx.select({ tenantId: runs.tenantId, runId: runs.id }).from(runs).where(eq(runs.status, 'queued')).orderBy(runs.createdAt, runs.id).limit(1),
  );
  return row ?? null;
}

export interface PipelineRunJobRef {
  tenantId: string;
  runId: string;
}

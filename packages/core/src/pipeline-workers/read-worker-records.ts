import type { TenantScope, WorkerRecord, WorkerState } from '@facilflow/contracts';
import { and, asc, count, eq, inArray, schema, sql, type SQL } from '@facilflow/db';
import type { Services } from '../services.ts';

const workers = schema.pipelineWorkers;
const runs = schema.pipelineRuns;
const UNDER_WAY = ['running', 'paused', 'waiting_approval'];

/**
 * The workers matching `where`, as the caller's tenant sees them: the registry and each
 * worker's load are read across tenants (counts only), the runs on it under the caller's tenant.
 */
export async function readWorkerRecords(services: Services, scope: TenantScope, where?: SQL): Promise<WorkerRecord[]> {
  const { rows, loads } = await services.db.withSystem('list run workers with their load, counts only', async (tx) => {
    const rows = await tx.select().from(workers).where(where).orderBy(asc(workers.cluster), asc(workers.id));
    const loads = rows.length === 0
      ? []
      : await tx
          .select({ workerId: runs.workerId, load: count() })
          .from(runs)
          .where(and(inArray(runs.workerId, rows.map((row) => row.id)), inArray(runs.status, UNDER_WAY)))
          .groupBy(runs.workerId);
    return { rows, loads };
  });
  const held = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select({ id: runs.id, workerId: runs.workerId }).from(runs).where(and(sql`${runs.workerId} is not null`, inArray(runs.status, UNDER_WAY))).orderBy(asc(runs.id)),
  );
  const now = services.now().getTime();
  return rows.map((row) => ({
    id: row.id,
    cluster: row.cluster,
    state: row.state as WorkerState,
    capacity: row.capacity,
    load: loads.find((l) => l.workerId === row.id)?.load ?? 0,
    labels: row.labels,
    version: row.version,
    startedAt: row.startedAt.toISOString(),
    heartbeatAt: row.heartbeatAt.toISOString(),
    heartbeatAgeMs: Math.max(0, now - row.heartbeatAt.getTime()),
    drainRequestedAt: row.drainRequestedAt?.toISOString() ?? null,
    yourRuns: held.filter((run) => run.workerId === row.id).map((run) => run.id),
  }));
}

export const workerIdIs = (id: string) => eq(workers.id, id);
export const workerClusterIs = (cluster: string) => eq(workers.cluster, cluster);

import { FacilFlowError } from '@facilflow/contracts';
import { eq, inArray, and, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { publishWorkerStatus } from './publish-worker-status.ts';

const workers = schema.pipelineWorkers;

/**
 * Asks a worker to drain: it claims no new run, finishes the ones it holds, then shows drained.
 * The worker learns it at its next heartbeat, in whichever process it runs. Draining a worker
 * that already drains or drained changes nothing; a lost one cannot be asked.
 */
export async function requestWorkerDrain(services: Services, workerId: string): Promise<void> {
  const [row] = await services.db.withSystem('drain a run worker', async (tx) => {
    const updated = await tx
      .update(workers)
      .set({ state: 'draining', drainRequestedAt: services.now() })
      .where(and(eq(workers.id, workerId), eq(workers.state, 'active')))
      .returning({ cluster: workers.cluster });
    if (updated.length > 0) return updated;
    const [found] = await tx.select({ state: workers.state }).from(workers).where(eq(workers.id, workerId));
    if (!found) throw new FacilFlowError('NOT_FOUND', `no worker ${workerId}`);
    if (found.state === 'lost') throw new FacilFlowError('CONFLICT', `worker ${workerId} is lost: its runs already went to other workers`);
    return [];
  });
  if (row) await publishWorkerStatus(services, { cluster: row.cluster, workerId, state: 'draining' });
}

/** The draining worker, once it holds nothing, says so. */
export async function completeWorkerDrain(services: Services, workerId: string, cluster: string): Promise<void> {
  const done = await services.db.withSystem('a run worker finished draining', (tx) =>
    tx.update(workers).set({ state: 'drained' }).where(and(eq(workers.id, workerId), inArray(workers.state, ['draining']))).returning({ id: workers.id }),
  );
  if (done.length > 0) await publishWorkerStatus(services, { cluster, workerId, state: 'drained' });
}

import { eq, schema } from '@facilflow/db';
import type { WorkerState } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { publishWorkerStatus } from './publish-worker-status.ts';

const workers = schema.pipelineWorkers;

/**
 * Records that the worker is alive and answers the state the registry holds for it, so a drain
 * requested from any process reaches it. A worker the sweep declared lost that heartbeats again
 * is active once more: its runs went to others, and it claims new ones. Null: it was deregistered.
 */
export async function heartbeatWorker(services: Services, workerId: string): Promise<WorkerState | null> {
  const beat = await services.db.withSystem('heartbeat of a run worker', async (tx) => {
    const [row] = await tx.select({ state: workers.state, cluster: workers.cluster }).from(workers).where(eq(workers.id, workerId)).for('update');
    if (!row) return null;
    const state = row.state === 'lost' ? 'active' : (row.state as WorkerState);
    await tx.update(workers).set({ heartbeatAt: services.now(), state }).where(eq(workers.id, workerId));
    return { state, cluster: row.cluster, returned: row.state === 'lost' };
  });
  if (!beat) return null;
  if (beat.returned) await publishWorkerStatus(services, { cluster: beat.cluster, workerId, state: 'active' });
  return beat.state;
}

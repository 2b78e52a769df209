import { schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { publishWorkerStatus } from './publish-worker-status.ts';
import type { WorkerRegistration } from './worker-registration.ts';

const workers = schema.pipelineWorkers;

/** Enters the worker in the registry as active, or makes it active again under the same id after a restart. */
export async function registerWorker(services: Services, worker: WorkerRegistration): Promise<void> {
  const now = services.now();
  const row = { ...worker, state: 'active', startedAt: now, heartbeatAt: now, drainRequestedAt: null, stoppedAt: null };
  await services.db.withSystem('register a run worker', (tx) =>
    tx.insert(workers).values(row).onConflictDoUpdate({ target: workers.id, set: row }),
  );
  await publishWorkerStatus(services, { cluster: worker.cluster, workerId: worker.id, state: 'active' });
}

import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/** Takes a worker that closed out of the registry; what it held it released or finished. */
export async function deregisterWorker(services: Services, workerId: string): Promise<void> {
  await services.db.withSystem('deregister a run worker', (tx) => tx.delete(schema.pipelineWorkers).where(eq(schema.pipelineWorkers.id, workerId)));
}

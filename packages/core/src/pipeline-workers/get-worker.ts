import { FacilFlowError, type TenantScope, type WorkerRecord } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { readWorkerRecords, workerIdIs } from './read-worker-records.ts';

export async function getWorker(services: Services, scope: TenantScope, input: { id: string }): Promise<WorkerRecord> {
  const [worker] = await readWorkerRecords(services, scope, workerIdIs(input.id));
  if (!worker) throw new FacilFlowError('NOT_FOUND', `no worker ${input.id}`);
  return worker;
}

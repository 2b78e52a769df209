import type { TenantScope, WorkerRecord } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { readWorkerRecords, workerClusterIs } from './read-worker-records.ts';

/** The deployment's run workers, of one cluster or all, with only the caller's runs on them. */
export async function listWorkers(services: Services, scope: TenantScope, input: { cluster?: string | undefined }): Promise<WorkerRecord[]> {
  return readWorkerRecords(services, scope, input.cluster ? workerClusterIs(input.cluster) : undefined);
}

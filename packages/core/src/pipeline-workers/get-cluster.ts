import { FacilFlowError, type ClusterRecord, type TenantScope, type WorkerRecord } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { countQueuedRuns } from './count-queued-runs.ts';
import { readWorkerRecords, workerClusterIs } from './read-worker-records.ts';
import { summarizeClusters } from './summarize-clusters.ts';

export async function getCluster(services: Services, scope: TenantScope, input: { name: string }): Promise<{ cluster: ClusterRecord; workers: WorkerRecord[] }> {
  const workers = await readWorkerRecords(services, scope, workerClusterIs(input.name));
  const [cluster] = summarizeClusters(workers, await countQueuedRuns(services, scope));
  if (!cluster) throw new FacilFlowError('NOT_FOUND', `no cluster ${input.name} (a cluster exists while a worker of it is registered)`);
  return { cluster, workers };
}

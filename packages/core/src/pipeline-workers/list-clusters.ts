import type { ClusterRecord, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { countQueuedRuns } from './count-queued-runs.ts';
import { readWorkerRecords } from './read-worker-records.ts';
import { summarizeClusters } from './summarize-clusters.ts';

/** Every cluster that has a registered worker, with the caller's tenant's running and queued runs. */
export async function listClusters(services: Services, scope: TenantScope): Promise<ClusterRecord[]> {
  const [workers, queued] = [await readWorkerRecords(services, scope), await countQueuedRuns(services, scope)];
  return summarizeClusters(workers, queued);
}

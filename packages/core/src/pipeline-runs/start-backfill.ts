import type { TenantScope } from '@facilflow/contracts';
import { queueBackfill, type BackfillInput, type BackfillResult } from '../pipelines/queue-backfill.ts';
import type { Services } from '../services.ts';
import { enqueueQueuedRun } from './run-job.ts';

/**
 * Queues the backfill's missing slices (one transaction) and then hands their runs to the
 * workers. The job id is the run id, so a job added twice runs once.
 */
export async function startBackfill(services: Services, scope: TenantScope, input: BackfillInput): Promise<BackfillResult> {
  const result = await queueBackfill(services, scope, input);
  for (const run of result.queued) await enqueueQueuedRun(services, scope, run);
  return result;
}

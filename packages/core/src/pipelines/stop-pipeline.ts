import type { PipelineRecord, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findPipelineRow } from './find-pipeline.ts';
import { setPipelineStatus } from './set-pipeline-status.ts';

export async function planStopPipeline(services: Services, scope: TenantScope, input: { id: string }): Promise<string> {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findPipelineRow(tx, input.id));
  if (row.status !== 'active') return `Pipeline "${row.name}" is ${row.status}, not active: stopping it changes nothing.`;
  return (
    `Stop pipeline "${row.name}": its triggers (cron, stream, webhook) stop firing until it is started again, so what it computes or sends stops too. ` +
    `Runs already under way are not cancelled.`
  );
}

/** Pauses the pipeline: no trigger fires until pipelines.start. */
export function stopPipeline(services: Services, scope: TenantScope, input: { id: string }): Promise<{ pipeline: PipelineRecord; changed: boolean }> {
  return setPipelineStatus(services, scope, input.id, 'paused');
}

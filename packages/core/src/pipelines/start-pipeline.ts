import type { PipelineRecord, TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { setPipelineStatus } from './set-pipeline-status.ts';

/** Its triggers fire from now on, running the latest published version. */
export function startPipeline(services: Services, scope: TenantScope, input: { id: string }): Promise<{ pipeline: PipelineRecord; changed: boolean }> {
  return setPipelineStatus(services, scope, input.id, 'active');
}

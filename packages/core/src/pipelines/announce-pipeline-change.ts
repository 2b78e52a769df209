import type { Services } from '../services.ts';

/** Channel pattern of the notices below; `*` is the tenant. */
export const PIPELINE_CHANGES_PATTERN = 'tenant:*:pipelines-changed';

export function pipelineChangesChannel(tenantId: string): string {
  return `tenant:${tenantId}:pipelines-changed`;
}

/**
 * Tells every node, once the change has committed, that which of the tenant's pipelines run (or
 * which version they run) may have changed, so a stream consumer reloads now rather than at
 * its next refresh. Best effort: the refresh still catches a notice that was lost.
 */
export async function announcePipelineChange(services: Services, tenantId: string, pipelineId: string): Promise<void> {
  await services.bus.publish(pipelineChangesChannel(tenantId), { pipelineId }).catch(() => undefined);
}

import { FacilFlowError, type TenantScope, type WorkerRecord } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { getWorker } from './get-worker.ts';
import { requestWorkerDrain } from './request-worker-drain.ts';

/**
 * Drains a worker on behalf of the deployment's operator. Workers serve every tenant, so an
 * ordinary tenant's owner may not drain one: only the owners and admins of the operator tenant
 * (FACILFLOW_OPERATOR_TENANT) may; without one configured, `facilflow workers drain` on the
 * deployment's own machine is the only way.
 */
export async function drainWorker(services: Services, scope: TenantScope, input: { id: string }): Promise<WorkerRecord> {
  if (!services.operatorTenantId || scope.tenantId !== services.operatorTenantId) {
    throw new FacilFlowError('FORBIDDEN', 'workers are drained by the deployment\'s operator tenant only');
  }
  await requestWorkerDrain(services, input.id);
  return getWorker(services, scope, input);
}

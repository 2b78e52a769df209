import { CLUSTER_STATUS_CHANNEL, type ClusterStatusEvent } from '@facilflow/contracts';
import type { Services } from '../services.ts';

/** Tells live views a worker changed state; a view that missed it reads the registry again. */
export async function publishWorkerStatus(services: Services, status: Omit<ClusterStatusEvent, 'at'>): Promise<void> {
  const event: ClusterStatusEvent = { ...status, at: services.now().toISOString() };
  await services.bus.publish(CLUSTER_STATUS_CHANNEL, event);
}

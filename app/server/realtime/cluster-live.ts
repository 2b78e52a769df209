import { CLUSTER_STATUS_CHANNEL, clusterStatusEventSchema, listClustersOutput, type ClusterMetricsEvent, type Principal } from '@facilflow/contracts';
import { formatErrorForLog, type Runtime } from '@facilflow/operations';
import type { Namespace } from 'socket.io';

/** How often a tenant's room gets `cluster:metrics`. */
export const CLUSTER_METRICS_EVERY_MS = 5_000;

const room = (tenantId: string) => `tenant:${tenantId}`;

/**
 * What `/clusters` carries beyond admission: `cluster:status` as workers register, drain or are
 * lost (a platform-wide channel with no tenant in it, so every admitted socket gets it), and
 * `cluster:metrics` every few seconds per tenant room: `clusters.list` called through the
 * registry as one of the room's own sockets, so a room sees exactly what its members may read.
 */
export async function relayClusterLive(runtime: Runtime, nsp: Namespace, everyMs = CLUSTER_METRICS_EVERY_MS): Promise<() => Promise<void>> {
  const unsubscribe = await runtime.services.bus.subscribe(CLUSTER_STATUS_CHANNEL, (message) => {
    const status = clusterStatusEventSchema.safeParse(message);
    if (status.success) nsp.emit('cluster:status', status.data);
  });
  let sending: Promise<void> | null = null;
  const timer = setInterval(() => {
    sending ??= sendMetrics(runtime, nsp).finally(() => {
      sending = null;
    });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await sending;
    await unsubscribe();
  };
}

async function sendMetrics(runtime: Runtime, nsp: Namespace): Promise<void> {
  const askers = new Map<string, Principal>();
  for (const socket of nsp.sockets.values()) {
    const principal = socket.data.principal as Principal | undefined;
    if (principal?.tenantId && !askers.has(principal.tenantId)) askers.set(principal.tenantId, principal);
  }
  for (const [tenantId, principal] of askers) {
    try {
      const { items } = listClustersOutput.parse(await runtime.invoke(principal, 'web', 'clusters.list', {}));
      const event: ClusterMetricsEvent = { at: runtime.services.now().toISOString(), clusters: items };
      nsp.to(room(tenantId)).emit('cluster:metrics', event);
    } catch (error) {
      // A revoked key or a failed read costs that room one tick; the others still get theirs.
      console.warn(`[realtime] cluster:metrics for tenant ${tenantId} failed: ${formatErrorForLog(error)}`);
    }
  }
}

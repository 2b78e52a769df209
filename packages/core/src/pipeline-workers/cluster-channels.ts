/**
 * Worker status is platform-wide; it goes out on one channel the `/clusters` namespace relays
 * to every tenant's room, since a status names a worker and a cluster, never a tenant's run.
 */
export const CLUSTER_STATUS_CHANNEL = 'platform:cluster-status';

/**
 * Bus channels for live updates. The tenant id is part of every channel, and the realtime
 * layer forwards a channel only to that tenant's room, so fan-out cannot cross tenants.
 */
export const agentsChannel = (tenantId: string): string => `tenant:${tenantId}:agents`;
export const telemetryChannel = (tenantId: string): string => `tenant:${tenantId}:telemetry`;

/**
 * Worker status is platform-wide: a status names a worker and a cluster, never a tenant's run,
 * so the `/clusters` namespace relays this one channel to every admitted socket.
 */
export const CLUSTER_STATUS_CHANNEL = 'platform:cluster-status';

/** The tenant a channel belongs to, or null for a channel that is not a tenant's. */
export function channelTenant(channel: string): string | null {
  const m = /^tenant:([a-z0-9_]{1,64}):[a-z]+(?:-[a-z]+)*$/.exec(channel);
  return m?.[1] ?? null;
}

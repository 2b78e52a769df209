/**
 * Bus channels for live updates. The tenant id is part of every channel, and the realtime
 * layer forwards a channel only to that tenant's room, so fan-out cannot cross tenants.
 */
export const agentsChannel = (tenantId: string): string => `tenant:${tenantId}:agents`;
export const telemetryChannel = (tenantId: string): string => `tenant:${tenantId}:telemetry`;

/** The tenant a channel belongs to, or null for a channel that is not a tenant's. */
export function channelTenant(channel: string): string | null {
  const m = /^tenant:([a-z0-9_]{1,64}):[a-z]+(?:-[a-z]+)*$/.exec(channel);
  return m?.[1] ?? null;
}

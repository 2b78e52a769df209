import { agentHeartbeatSchema, agentStatusSchema } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { recordTenantEvent } from '../notifications/webhooks/record-tenant-event.ts';
import { agentsChannel } from '@facilflow/contracts';

/**
 * Keeps what an agent last said about itself. The tenant and agent come from the MQTT topic,
 * which the broker's ACL guarantees is the publisher's own; the payload is still validated.
 */
export async function recordAgentReport(
  services: Services,
  tenantId: string,
  agentId: string,
  kind: 'status' | 'heartbeat',
  payload: unknown,
): Promise<boolean> {
  const now = services.now();
  if (kind === 'status') {
    const status = agentStatusSchema.safeParse(payload);
    if (!status.success || status.data.agentId !== agentId) return false;
    const wentOffline = await services.db.withTenant(tenantId, async (tx) => {
      const [previous] = await tx.select({ lastStatus: schema.agents.lastStatus, name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, agentId));
      await tx
        .update(schema.agents)
        .set({ lastStatus: status.data, lastSeenAt: now, appliedConfigVersion: status.data.appliedConfigVersion })
        .where(eq(schema.agents.id, agentId));
      // The retained status is sent again on every reconnect of ingest: only a change to offline is news.
      const wasOffline = agentStatusSchema.safeParse(previous?.lastStatus).data?.state === 'offline';
      return previous && status.data.state === 'offline' && !wasOffline ? previous.name : null;
    });
    await services.bus.publish(agentsChannel(tenantId), { agentId, kind, report: status.data });
    if (wentOffline !== null) {
      await recordTenantEvent(services, tenantId, 'agent.offline', `Agent ${wentOffline} went offline`, { agentId, name: wentOffline, at: new Date(status.data.at).toISOString() });
    }
    return true;
  }
  const heartbeat = agentHeartbeatSchema.safeParse(payload);
  if (!heartbeat.success || heartbeat.data.agentId !== agentId) return false;
  await services.db.withTenant(tenantId, (tx) =>
    tx
      .update(schema.agents)
      .set({ lastHeartbeat: heartbeat.data, lastSeenAt: now, appliedConfigVersion: heartbeat.data.appliedConfigVersion })
      .where(eq(schema.agents.id, agentId)),
  );
  await services.bus.publish(agentsChannel(tenantId), { agentId, kind, report: heartbeat.data });
  return true;
}

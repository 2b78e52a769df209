import { agentHeartbeatSchema, agentStatusSchema, type Agent } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

type AgentRow = typeof schema.agents.$inferSelect;

/** Missing this many heartbeats in a row makes an agent count as offline even without its last will. */
const MISSED_HEARTBEATS = 3;

export function toAgent(row: AgentRow, now: Date): Agent {
  const status = agentStatusSchema.safeParse(row.lastStatus);
  const heartbeat = agentHeartbeatSchema.safeParse(row.lastHeartbeat);
  const interval = (row.desiredConfig as { heartbeatIntervalMs?: number } | null)?.heartbeatIntervalMs ?? 10_000;
  const fresh = row.lastSeenAt !== null && now.getTime() - row.lastSeenAt.getTime() <= MISSED_HEARTBEATS * interval;
  const state: Agent['state'] = row.revokedAt
    ? 'revoked'
    : !row.enrolledAt
      ? 'pending'
      : status.success && status.data.state === 'online' && fresh
        ? 'online'
        : 'offline';
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    state,
    enrolledAt: row.enrolledAt?.toISOString() ?? null,
    enrollmentExpiresAt: row.enrolledAt ? null : (row.enrollmentExpiresAt?.toISOString() ?? null),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    hostname: row.hostname,
    agentVersion: row.agentVersion,
    desiredConfigVersion: row.desiredConfigVersion,
    appliedConfigVersion: row.appliedConfigVersion,
    status: status.success ? status.data : null,
    heartbeat: heartbeat.success ? heartbeat.data : null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

import { FacilFlowError, type Agent } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findAgentRow } from './find-agent.ts';
import { toAgent } from './to-agent.ts';

async function revocable(services: Services, scope: TenantScope, agentId: string) {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findAgentRow(tx, agentId));
  if (row.revokedAt) throw new FacilFlowError('CONFLICT', `Agent ${agentId} is already revoked`);
  return row;
}

export async function planRevokeAgent(services: Services, scope: TenantScope, input: { agentId: string }): Promise<string> {
  const row = await revocable(services, scope, input.agentId);
  return `Revoke agent "${row.name}" (${row.id}${row.hostname ? ` on ${row.hostname}` : ''}): its broker credentials are removed and its connection dropped at once; it can only come back by enrolling again.`;
}

export async function revokeAgent(services: Services, scope: TenantScope, input: { agentId: string }): Promise<Agent> {
  await revocable(services, scope, input.agentId);
  const now = services.now();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .update(schema.agents)
      .set({ revokedAt: now, mqttPasswordHash: null, enrollmentTokenHash: null })
      .where(eq(schema.agents.id, input.agentId))
      .returning(),
  );
  if (!row) throw new FacilFlowError('NOT_FOUND', `Agent ${input.agentId} not found`);
  await services.agentControl.revoke(scope.tenantId, input.agentId);
  return toAgent(row, now);
}

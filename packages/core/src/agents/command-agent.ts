import { FacilFlowError, type AgentCommand, type AgentCommandResponse } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findAgentRow } from './find-agent.ts';

export async function commandAgent(
  services: Services,
  scope: TenantScope,
  input: { agentId: string; request: AgentCommand; timeoutMs: number },
): Promise<AgentCommandResponse> {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findAgentRow(tx, input.agentId));
  if (row.revokedAt) throw new FacilFlowError('CONFLICT', `Agent ${input.agentId} is revoked`);
  if (!row.enrolledAt) throw new FacilFlowError('CONFLICT', `Agent ${input.agentId} has not enrolled yet`);
  return services.agentControl.command(scope.tenantId, input.agentId, input.request, input.timeoutMs);
}

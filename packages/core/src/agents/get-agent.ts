import { agentConfigSchema, type Agent, type AgentConfig } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { findAgentRow } from './find-agent.ts';
import { toAgent } from './to-agent.ts';

export async function getAgent(services: Services, scope: TenantScope, agentId: string): Promise<{ agent: Agent; desiredConfig: AgentConfig }> {
  const row = await services.db.withTenant(scope.tenantId, (tx) => findAgentRow(tx, agentId));
  return { agent: toAgent(row, services.now()), desiredConfig: agentConfigSchema.parse(row.desiredConfig) };
}

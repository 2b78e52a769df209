import type { Agent, AgentConfig } from '@facilflow/contracts';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { publishDesiredConfig } from './publish-desired-config.ts';

export function updateAgentConfig(
  services: Services,
  scope: TenantScope,
  input: { agentId: string; settings: Partial<Pick<AgentConfig, 'batch' | 'buffer' | 'heartbeatIntervalMs'>> },
): Promise<{ agent: Agent; desiredConfig: AgentConfig }> {
  return publishDesiredConfig(services, scope, input.agentId, async () => undefined, input.settings);
}

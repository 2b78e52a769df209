import { agentConfigSchema, type AgentConfig } from '@facilflow/contracts';

/** A new agent runs no sources until data sources are added for it. */
export function defaultAgentConfig(): AgentConfig {
  return agentConfigSchema.parse({ version: 0, sources: [] });
}

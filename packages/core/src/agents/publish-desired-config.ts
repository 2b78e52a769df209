import { agentConfigSchema, FacilFlowError, type Agent, type AgentConfig } from '@facilflow/contracts';
import { asc, eq, schema, type Tx } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { sourceFromRow } from '../data-sources/to-data-source.ts';
import { findAgentRow } from './find-agent.ts';
import { toAgent } from './to-agent.ts';

type AgentSettings = Partial<Pick<AgentConfig, 'batch' | 'buffer' | 'heartbeatIntervalMs'>>;

/**
 * Rebuilds the agent's desired configuration from its settings and data sources, bumps its
 * version and publishes it retained. Every change to an agent or its sources ends here, so
 * the agent always receives one whole, numbered configuration.
 */
export async function publishDesiredConfig(
  services: Services,
  scope: TenantScope,
  agentId: string,
  change: (tx: Tx) => Promise<void>,
  settings: AgentSettings = {},
): Promise<{ agent: Agent; desiredConfig: AgentConfig }> {
  const { row, config } = await services.db.withTenant(scope.tenantId, async (tx) => {
    const current = await findAgentRow(tx, agentId);
    if (current.revokedAt) throw new FacilFlowError('CONFLICT', `Agent ${agentId} is revoked`);
    await change(tx);
    const sources = await tx
      .select()
      .from(schema.dataSources)
      .where(eq(schema.dataSources.agentId, agentId))
      .orderBy(asc(schema.dataSources.createdAt));
    const previous = agentConfigSchema.parse(current.desiredConfig);
    const next = agentConfigSchema.parse({
      ...previous,
      ...settings,
      version: current.desiredConfigVersion + 1,
      sources: sources.map(sourceFromRow),
    });
    const [updated] = await tx
      .update(schema.agents)
      .set({ desiredConfig: next, desiredConfigVersion: next.version })
      .where(eq(schema.agents.id, agentId))
      .returning();
    if (!updated) throw new FacilFlowError('NOT_FOUND', `Agent ${agentId} not found`);
    return { row: updated, config: next };
  });
  // An agent that has not enrolled yet gets the retained config when it redeems its token.
  if (row.enrolledAt) await services.agentControl.publishConfig(scope.tenantId, agentId, config);
  return { agent: toAgent(row, services.now()), desiredConfig: config };
}

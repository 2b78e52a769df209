import type { PolicyAttributes, TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../../services.ts';
import { latestMeasurementLabels } from './measurement-labels.ts';

/** The label that puts a line in production: a measurement an agent feeds carrying it means its line runs. */
export const PRODUCTION_LABEL = 'production';

/**
 * The state of the line an agent reads: the labels of the measurements its data sources' tags
 * feed (the registry's labels stand for the asset and line they measure), and `production` when
 * one of them is labelled so, else `idle`. An unknown agent has no attributes.
 */
export async function agentLineAttributes(services: Services, scope: TenantScope, agentId: string): Promise<PolicyAttributes> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const sources = await tx.select({ tags: schema.dataSources.tags }).from(schema.dataSources).where(eq(schema.dataSources.agentId, agentId));
    const [agent] = await tx.select({ id: schema.agents.id }).from(schema.agents).where(eq(schema.agents.id, agentId)).limit(1);
    if (!agent) return {};
    const measurements = new Set<string>();
    for (const source of sources) {
      if (!Array.isArray(source.tags)) continue;
      for (const tag of source.tags as unknown[]) {
        const measurement = tag && typeof tag === 'object' ? (tag as { measurement?: unknown }).measurement : undefined;
        if (typeof measurement === 'string') measurements.add(measurement);
      }
    }
    const labels = await latestMeasurementLabels(tx, [...measurements]);
    return { 'agent.lineLabels': labels, 'agent.lineState': labels.includes(PRODUCTION_LABEL) ? PRODUCTION_LABEL : 'idle' };
  });
}

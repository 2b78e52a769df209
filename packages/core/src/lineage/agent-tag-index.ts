import { eq, schema } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';
import { seriesKey } from '../quality/series-key.ts';

export interface TagRef {
  sourceKey: string;
  nodeId: string;
}

/** What an agent's data sources say about where each (measurement, field, tags) comes from. */
export interface AgentTagIndex {
  agentId: string;
  /** Null when the agent is not (or no longer) in this tenant. */
  agentName: string | null;
  sources: Map<string, { id: string; name: string; endpointUrl: string | null }>;
  /** By `measurement \0 field \0 canonical tags`. */
  tags: Map<string, TagRef>;
  loadedAt: number;
}

export function tagIndexKey(measurement: string, field: string, series: string): string {
  return `${measurement}\u0000${field}\u0000${series}`;
}

export async function loadAgentTagIndex(db: Database, tenantId: string, agentId: string, now: number): Promise<AgentTagIndex> {
  const { agent, sources } = await db.withTenant(tenantId, async (tx) => ({
    agent: (await tx.select({ name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, agentId)).limit(1))[0],
    sources: await tx.select().from(schema.dataSources).where(eq(schema.dataSources.agentId, agentId)),
  }));
  const index: AgentTagIndex = { agentId, agentName: agent?.name ?? null, sources: new Map(), tags: new Map(), loadedAt: now };
  for (const source of sources) {
    const settings = (source.settings ?? {}) as { endpointUrl?: unknown };
    index.sources.set(source.key, {
      id: source.id,
      name: source.name,
      endpointUrl: typeof settings.endpointUrl === 'string' ? settings.endpointUrl : null,
    });
    for (const tag of Array.isArray(source.tags) ? (source.tags as unknown[]) : []) {
      if (!tag || typeof tag !== 'object') continue;
      const { nodeId, measurement, field, tags } = tag as { nodeId?: unknown; measurement?: unknown; field?: unknown; tags?: unknown };
      if (typeof nodeId !== 'string' || typeof measurement !== 'string' || typeof field !== 'string') continue;
      const tagSet = tags && typeof tags === 'object' ? (tags as Record<string, string>) : {};
      const key = tagIndexKey(measurement, field, seriesKey(tagSet));
      if (!index.tags.has(key)) index.tags.set(key, { sourceKey: source.key, nodeId });
    }
  }
  return index;
}

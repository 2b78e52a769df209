import type { Agent } from '@facilflow/contracts';
import { asc, schema } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { toAgent } from './to-agent.ts';

export async function listAgents(services: Services, scope: TenantScope): Promise<Agent[]> {
  const rows = await services.db.withTenant(scope.tenantId, (tx) => tx.select().from(schema.agents).orderBy(asc(schema.agents.createdAt)));
  const now = services.now();
  return rows.map((row) => toAgent(row, now));
}

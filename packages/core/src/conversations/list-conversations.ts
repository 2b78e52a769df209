import { actorId, type Conversation, type TenantScope } from '@facilflow/contracts';
import { desc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toConversation } from './to-conversation.ts';

/** The caller's own conversations in the tenant, most recently active first. */
export async function listConversations(services: Services, scope: TenantScope, input: { limit: number }): Promise<Conversation[]> {
  const table = schema.conversations;
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(table).where(eq(table.ownerId, actorId(scope.actor))).orderBy(desc(table.updatedAt), desc(table.id)).limit(input.limit),
  );
  return rows.map(toConversation);
}

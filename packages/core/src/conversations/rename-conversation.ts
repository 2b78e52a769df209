import type { Conversation, TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findOwnConversationRow } from './find-conversation.ts';
import { toConversation } from './to-conversation.ts';

export async function renameConversation(services: Services, scope: TenantScope, input: { id: string; title: string }): Promise<Conversation> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findOwnConversationRow(tx, scope, input.id, { forUpdate: true });
    const [renamed] = await tx.update(schema.conversations).set({ title: input.title, updatedAt: services.now() }).where(eq(schema.conversations.id, row.id)).returning();
    return toConversation(renamed ?? row);
  });
}

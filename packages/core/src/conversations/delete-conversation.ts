import type { TenantScope } from '@facilflow/contracts';
import { count, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findOwnConversationRow } from './find-conversation.ts';

export async function planDeleteConversation(services: Services, scope: TenantScope, input: { id: string }): Promise<string> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findOwnConversationRow(tx, scope, input.id);
    const [messages] = await tx.select({ n: count() }).from(schema.conversationMessages).where(eq(schema.conversationMessages.conversationId, row.id));
    return `Delete conversation "${row.title}" for good, with its ${Number(messages?.n ?? 0)} messages and their tool calls.`;
  });
}

/** Deletes the caller's conversation; its messages go with it by their foreign key. */
export async function deleteConversation(services: Services, scope: TenantScope, input: { id: string }): Promise<{ deleted: true; messages: number }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findOwnConversationRow(tx, scope, input.id, { forUpdate: true });
    const [messages] = await tx.select({ n: count() }).from(schema.conversationMessages).where(eq(schema.conversationMessages.conversationId, row.id));
    await tx.delete(schema.conversations).where(eq(schema.conversations.id, row.id));
    return { deleted: true as const, messages: Number(messages?.n ?? 0) };
  });
}

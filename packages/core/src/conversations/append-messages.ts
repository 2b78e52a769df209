import type { ConversationMessage, ConversationToolCall, Receipt, TenantScope } from '@facilflow/contracts';
import { desc, eq, schema } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { findOwnConversationRow } from './find-conversation.ts';
import { toConversationMessage } from './to-conversation.ts';

export interface NewConversationMessage {
  role: 'user' | 'assistant';
  text: string;
  toolCalls?: ConversationToolCall[];
  receipt?: Receipt | null;
}

/** Appends messages to the caller's own conversation, in order, and marks it active now. */
export async function appendConversationMessages(
  services: Services,
  scope: TenantScope,
  conversationId: string,
  messages: readonly NewConversationMessage[],
): Promise<ConversationMessage[]> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const conversation = await findOwnConversationRow(tx, scope, conversationId, { forUpdate: true });
    const table = schema.conversationMessages;
    const [last] = await tx.select({ seq: table.seq }).from(table).where(eq(table.conversationId, conversation.id)).orderBy(desc(table.seq)).limit(1);
    const now = services.now();
    const start = (last?.seq ?? 0) + 1;
    const values = messages.map((message, i) => ({
      id: newId('msg'),
      tenantId: scope.tenantId,
      conversationId: conversation.id,
      seq: start + i,
      role: message.role,
      text: message.text,
      toolCalls: message.toolCalls ?? [],
      receipt: message.receipt ?? null,
      createdAt: now,
    }));
    const rows = values.length === 0 ? [] : await tx.insert(table).values(values).returning();
    await tx.update(schema.conversations).set({ updatedAt: now }).where(eq(schema.conversations.id, conversation.id));
    return rows.sort((a, b) => a.seq - b.seq).map(toConversationMessage);
  });
}

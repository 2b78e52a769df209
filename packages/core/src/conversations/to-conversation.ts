import type { Conversation, ConversationMessage, ConversationToolCall, Receipt } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type ConversationRow = typeof schema.conversations.$inferSelect;
export type ConversationMessageRow = typeof schema.conversationMessages.$inferSelect;

export function toConversation(row: ConversationRow): Conversation {
  return { id: row.id, title: row.title, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export function toConversationMessage(row: ConversationMessageRow): ConversationMessage {
  return {
    id: row.id,
    role: row.role === 'assistant' ? 'assistant' : 'user',
    text: row.text,
    // Written only by appendConversationMessages, from the same contract types.
    toolCalls: row.toolCalls as ConversationToolCall[],
    receipt: (row.receipt as Receipt | null) ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

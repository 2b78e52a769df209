import type { Conversation, ConversationMessage, TenantScope } from '@facilflow/contracts';
import { desc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { findOwnConversationRow } from './find-conversation.ts';
import { toConversation, toConversationMessage } from './to-conversation.ts';

/** The caller's conversation with its most recent messages, oldest first. */
export async function getConversation(
  services: Services,
  scope: TenantScope,
  input: { id: string; messageLimit: number },
): Promise<{ conversation: Conversation; messages: ConversationMessage[] }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findOwnConversationRow(tx, scope, input.id);
    const table = schema.conversationMessages;
    const recent = await tx.select().from(table).where(eq(table.conversationId, row.id)).orderBy(desc(table.seq)).limit(input.messageLimit);
    return { conversation: toConversation(row), messages: recent.reverse().map(toConversationMessage) };
  });
}

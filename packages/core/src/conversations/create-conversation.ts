import { actorId, type Conversation, type TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { toConversation } from './to-conversation.ts';

export const DEFAULT_CONVERSATION_TITLE = 'New conversation';

export async function createConversation(services: Services, scope: TenantScope, input: { title?: string | undefined }): Promise<Conversation> {
  const now = services.now();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.conversations)
      .values({ id: newId('conv'), tenantId: scope.tenantId, ownerId: actorId(scope.actor), title: input.title ?? DEFAULT_CONVERSATION_TITLE, createdAt: now, updatedAt: now })
      .returning(),
  );
  if (!row) throw new Error('The conversation insert returned no row');
  return toConversation(row);
}

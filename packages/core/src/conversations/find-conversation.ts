import { actorId, FacilFlowError, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema, type Tx } from '@facilflow/db';
import type { ConversationRow } from './to-conversation.ts';

/**
 * The caller's own conversation. Another person's in the same tenant answers NOT_FOUND
 * exactly like one that does not exist, so ids cannot be probed.
 */
export async function findOwnConversationRow(tx: Tx, scope: TenantScope, id: string, options: { forUpdate?: boolean } = {}): Promise<ConversationRow> {
  const table = schema.conversations;
  const query = tx
    .select()
    .from(table)
    .where(and(eq(table.id, id), eq(table.ownerId, actorId(scope.actor))))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new FacilFlowError('NOT_FOUND', `Conversation ${id} not found`);
  return row;
}

import type { DeadLetter, DeadLetterCode } from '@facilflow/contracts';
import { and, desc, eq, isNull, lt, or, schema, sql, type SQL } from '@facilflow/db';
import type { TenantScope } from '../identity/principal.ts';
import type { Services } from '../services.ts';
import { toDeadLetter } from './to-dead-letter.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../paging/time-cursor.ts';

export interface ListDeadLettersInput {
  agentId?: string | undefined;
  code?: DeadLetterCode | undefined;
  pending?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

const table = schema.deadLetters;

/** Newest first; the cursor is the (receivedAt, id) of the last one returned, so pages never skip or repeat. */
export async function listDeadLetters(services: Services, scope: TenantScope, input: ListDeadLettersInput): Promise<{ items: DeadLetter[]; nextCursor: string | null }> {
  const filters: SQL[] = [];
  if (input.agentId) filters.push(eq(table.agentId, input.agentId));
  if (input.code) filters.push(sql`${table.details}->>'code' = ${input.code}`);
  if (input.pending === true) filters.push(isNull(table.replayedAt));
  if (input.pending === false) filters.push(sql`${table.replayedAt} is not null`);
  if (input.cursor) {
    const { at, id } = decodeTimeCursor(input.cursor, 'dead-letter');
    const before = or(lt(table.receivedAt, at), and(eq(table.receivedAt, at), lt(table.id, id)));
    if (before) filters.push(before);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(table)
      .where(and(...filters))
      .orderBy(desc(table.receivedAt), desc(table.id))
      .limit(input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toDeadLetter), nextCursor: rows.length > input.limit && last ? encodeTimeCursor(last.receivedAt, last.id) : null };
}

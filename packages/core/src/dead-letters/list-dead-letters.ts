import type { DeadLetter, DeadLetterCode } from '@facilflow/contracts';
import { and, desc, eq, isNull, schema, sql, type SQL } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { toDeadLetter } from './to-dead-letter.ts';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';

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
    const before = afterTimeCursor(table.receivedAt, table.id, input.cursor, 'dead-letter');
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
  const { page, nextCursor } = timePage(rows, input.limit, (r) => ({ at: r.receivedAt, id: r.id }));
  return { items: page.map(toDeadLetter), nextCursor };
}

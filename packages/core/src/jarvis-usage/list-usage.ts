import { actorId, FacilFlowError, type TenantScope, type UsageRecord } from '@facilflow/contracts';
import { and, desc, eq, gte, lt, schema, type SQL } from '@facilflow/db';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';
import type { Services } from '../services.ts';
import { toUsageRecord } from './to-usage-record.ts';
import { usageMonthRange } from './usage-month.ts';

const u = schema.jarvisUsage;

export interface ListJarvisUsageInput {
  conversationId?: string | undefined;
  userId?: string | undefined;
  month?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  /** The caller may list their own requests only: another user's are refused, none is their own. */
  ownOnly: boolean;
}

/** Model requests, newest first, paged by (at, id). */
export async function listJarvisUsage(services: Services, scope: TenantScope, input: ListJarvisUsageInput): Promise<{ items: UsageRecord[]; nextCursor: string | null }> {
  const self = actorId(scope.actor);
  if (input.ownOnly && input.userId !== undefined && input.userId !== self) {
    throw new FacilFlowError('FORBIDDEN', `Your role sees only your own Jarvis usage (userId ${self})`);
  }
  const userId = input.ownOnly ? self : input.userId;
  const filters: SQL[] = [eq(u.tenantId, scope.tenantId)];
  if (userId) filters.push(eq(u.userId, userId));
  if (input.conversationId) filters.push(eq(u.conversationId, input.conversationId));
  if (input.month) {
    const { from, to } = usageMonthRange(input.month);
    filters.push(gte(u.at, from), lt(u.at, to));
  }
  if (input.cursor) {
    const before = afterTimeCursor(u.at, u.id, input.cursor, 'usage');
    if (before) filters.push(before);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(u)
      .where(and(...filters))
      .orderBy(desc(u.at), desc(u.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (row) => ({ at: row.at, id: row.id }));
  return { items: page.map(toUsageRecord), nextCursor };
}

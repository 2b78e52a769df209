import type { AuditRecord } from '@facilflow/contracts';
import { and, desc, eq, gte, lte, schema, type SQL } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';

export interface ListAuditInput {
  actorId?: string | undefined;
  operation?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const log = schema.auditLog;

/** Newest first; the cursor is the (at, id) of the last record returned, so pages never skip or repeat. */
export async function listAuditRecords(
  services: Services,
  scope: TenantScope,
  input: ListAuditInput,
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const filters: SQL[] = [];
  if (input.actorId) filters.push(eq(log.actorId, input.actorId));
  if (input.operation) filters.push(eq(log.operation, input.operation));
  if (input.from) filters.push(gte(log.at, new Date(input.from)));
  if (input.to) filters.push(lte(log.at, new Date(input.to)));
  if (input.cursor) {
    const before = afterTimeCursor(log.at, log.id, input.cursor, 'audit');
    if (before) filters.push(before);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(log)
      .where(and(...filters))
      .orderBy(desc(log.at), desc(log.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (r) => ({ at: r.at, id: r.id }));
  return {
    items: page.map(listedAuditRecord),
    nextCursor,
  };
}

/** A stored record as the fronts show it. */
export function listedAuditRecord(r: typeof log.$inferSelect): AuditRecord {
  return {
    id: r.id,
    tenantId: r.tenantId,
    at: r.at.toISOString(),
    actorType: r.actorType as AuditRecord['actorType'],
    actorId: r.actorId,
    actorLabel: r.actorLabel,
    front: r.front as AuditRecord['front'],
    conversationId: r.conversationId,
    operation: r.operation,
    effect: r.effect as AuditRecord['effect'],
    input: r.input,
    inputDigest: r.inputDigest,
    inputTruncated: r.inputTruncated,
    outcome: r.outcome as AuditRecord['outcome'],
    errorCode: r.errorCode as AuditRecord['errorCode'],
    durationMs: r.durationMs,
    policy: (r.policy ?? null) as AuditRecord['policy'],
  };
}

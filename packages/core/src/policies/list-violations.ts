import type { Front, PolicyEffect, TenantScope, Violation, ViolationOutcome } from '@facilflow/contracts';
import { and, desc, eq, schema, type SQL } from '@facilflow/db';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';
import type { Services } from '../services.ts';

export interface ListViolationsInput {
  policyId?: string | undefined;
  outcome?: ViolationOutcome | undefined;
  operation?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const v = schema.policyViolations;

/** Newest first, paged by (at, id). */
export async function listViolations(services: Services, scope: TenantScope, input: ListViolationsInput): Promise<{ violations: Violation[]; nextCursor: string | null }> {
  const filters: SQL[] = [];
  if (input.policyId) filters.push(eq(v.policyId, input.policyId));
  if (input.outcome) filters.push(eq(v.outcome, input.outcome));
  if (input.operation) filters.push(eq(v.operation, input.operation));
  if (input.cursor) {
    const after = afterTimeCursor(v.at, v.id, input.cursor, 'violations');
    if (after) filters.push(after);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(v)
      .where(and(...filters))
      .orderBy(desc(v.at), desc(v.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (r) => ({ at: r.at, id: r.id }));
  return {
    violations: page.map((r) => ({
      id: r.id,
      tenantId: r.tenantId,
      at: r.at.toISOString(),
      policyId: r.policyId,
      policyName: r.policyName,
      effect: r.effect as PolicyEffect,
      operation: r.operation,
      actorId: r.actorId,
      actorLabel: r.actorLabel,
      front: r.front as Front,
      inputDigest: r.inputDigest,
      outcome: r.outcome as ViolationOutcome,
      approvalId: r.approvalId,
    })),
    nextCursor,
  };
}

import type { QualityCheck, QualityIssue, QualitySeverity } from '@facilflow/contracts';
import { and, desc, eq, gte, isNull, lte, or, schema, sql, type SQL } from '@facilflow/db';
import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { afterTimeCursor, timePage } from '../paging/time-cursor.ts';

export interface ListQualityIssuesInput {
  status: 'open' | 'closed' | 'all';
  measurement?: string | undefined;
  series?: string | undefined;
  field?: string | undefined;
  check?: QualityCheck | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const issues = schema.qualityIssues;

/** Newest first (by start); the cursor is the (startedAt, id) of the last issue returned. */
export async function listQualityIssues(
  services: Services,
  scope: TenantScope,
  input: ListQualityIssuesInput,
): Promise<{ items: QualityIssue[]; nextCursor: string | null }> {
  const filters: SQL[] = [];
  if (input.status === 'open') filters.push(isNull(issues.endedAt));
  if (input.status === 'closed') filters.push(sql`${issues.endedAt} is not null`);
  if (input.measurement) filters.push(eq(issues.measurement, input.measurement));
  if (input.series !== undefined) filters.push(eq(issues.series, input.series));
  if (input.field) filters.push(eq(issues.field, input.field));
  if (input.check) filters.push(eq(issues.check, input.check));
  if (input.to) filters.push(lte(issues.startedAt, new Date(input.to)));
  if (input.from) {
    const stillOpen = or(isNull(issues.endedAt), gte(issues.endedAt, new Date(input.from)));
    if (stillOpen) filters.push(stillOpen);
  }
  if (input.cursor) {
    const before = afterTimeCursor(issues.startedAt, issues.id, input.cursor, 'quality issues');
    if (before) filters.push(before);
  }
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(issues)
      .where(and(...filters))
      .orderBy(desc(issues.startedAt), desc(issues.id))
      .limit(input.limit + 1),
  );
  const { page, nextCursor } = timePage(rows, input.limit, (r) => ({ at: r.startedAt, id: r.id }));
  return {
    items: page.map((r) => ({
      id: r.id,
      measurement: r.measurement,
      series: r.series,
      field: r.field,
      check: r.check as QualityCheck,
      severity: r.severity as QualitySeverity,
      status: r.endedAt ? 'closed' : 'open',
      message: r.message,
      details: (r.details as Record<string, unknown> | null) ?? null,
      startedAt: r.startedAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      endedAt: r.endedAt?.toISOString() ?? null,
    })),
    nextCursor,
  };
}

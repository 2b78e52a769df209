import { actorId } from '@facilflow/contracts';
import { sql } from '@facilflow/db';
import { appendAuditRecord } from '../audit/append-audit-record.ts';
import type { Services } from '../services.ts';
import { readGovernanceSettings } from './governance-settings.ts';
import { RETENTION_SWEEP_ACTOR } from './retention-sweep.ts';

const DAY_MS = 86_400_000;

/**
 * Deletes the tenant's audit records older than its audit retention, counted back from `now`,
 * through `audit_log_expire` (migration 0022): the log stays append-only for the application,
 * and the database itself refuses to delete records younger than the retention the tenant set.
 * The sweep's own record says how many it removed.
 */
export async function sweepAuditRetention(services: Services, tenantId: string, now: Date): Promise<{ rows: number; before: string }> {
  const started = performance.now();
  const { rows, before } = await services.db.withTenant(tenantId, async (tx) => {
    const { auditRetentionDays } = await readGovernanceSettings(tx, tenantId);
    const cutoff = new Date(now.getTime() - auditRetentionDays * DAY_MS);
    const result = await tx.execute(sql`select audit_log_expire(${tenantId}, ${cutoff.toISOString()}::timestamptz) as deleted`);
    const [row] = ((result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as Array<{ deleted: number }>;
    return { rows: Number(row?.deleted ?? 0), before: cutoff.toISOString() };
  });
  if (rows > 0) {
    await appendAuditRecord(services, {
      tenantId,
      at: now,
      actorType: 'system',
      actorId: actorId(RETENTION_SWEEP_ACTOR),
      actorLabel: 'audit retention sweep',
      front: 'system',
      operation: 'governance.sweepAuditRetention',
      effect: 'destructive',
      input: { before, rows },
      outcome: 'ok',
      errorCode: null,
      durationMs: Math.round(performance.now() - started),
    });
  }
  return { rows, before };
}

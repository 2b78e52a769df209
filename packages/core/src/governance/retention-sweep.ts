import { actorId, type Actor } from '@facilflow/contracts';
import type { RetentionDeletion } from '@facilflow/timeseries';
import { appendAuditRecord } from '../audit/append-audit-record.ts';
import type { Services } from '../services.ts';
import { readRetention } from './retention-settings.ts';

const DAY_MS = 86_400_000;

/** Who the audit log names for what a sweep deleted. */
export const RETENTION_SWEEP_ACTOR: Actor = { type: 'system', name: 'retention-sweep' };

export interface TelemetryRetentionSweep {
  deletions: Array<RetentionDeletion & { before: string }>;
}

/**
 * Deletes the tenant's telemetry rows its retention no longer keeps: each measurement's rows
 * older than its own period, or the tenant default for a measurement without one, counted back
 * from `now`. Only the store of this tenant is touched. What it removed is audited (system actor);
 * a sweep that removed nothing leaves no record. A store that deletes no rows is left alone.
 */
export async function sweepTelemetryRetention(services: Services, tenantId: string, now: Date): Promise<TelemetryRetentionSweep> {
  const deleteBefore = services.timeseries.deleteBefore;
  if (deleteBefore === undefined) return { deletions: [] };
  const retention = await services.db.withTenant(tenantId, (tx) => readRetention(tx, tenantId));
  if (retention.defaultDays === null && retention.measurements.length === 0) return { deletions: [] };
  const own = new Map(retention.measurements.map((entry) => [entry.measurement.toLowerCase(), entry.days]));
  const rules = retention.measurements.map((entry) => ({ measurement: entry.measurement, days: entry.days }));
  if (retention.defaultDays !== null) {
    for (const measurement of (await services.timeseries.catalog(tenantId)).measurements) {
      if (!own.has(measurement.name.toLowerCase())) rules.push({ measurement: measurement.name, days: retention.defaultDays });
    }
  }
  const started = performance.now();
  const deletions: TelemetryRetentionSweep['deletions'] = [];
  try {
    for (const rule of rules) {
      const before = now.getTime() - rule.days * DAY_MS;
      const deletion = await deleteBefore(tenantId, rule.measurement, before);
      if (deletion.rows > 0) deletions.push({ ...deletion, before: new Date(before).toISOString() });
    }
  } catch (error) {
    await auditSweep(services, tenantId, now, deletions, performance.now() - started, 'error');
    throw error;
  }
  if (deletions.length > 0) await auditSweep(services, tenantId, now, deletions, performance.now() - started, 'ok');
  return { deletions };
}

async function auditSweep(
  services: Services,
  tenantId: string,
  now: Date,
  deletions: TelemetryRetentionSweep['deletions'],
  durationMs: number,
  outcome: 'ok' | 'error',
): Promise<void> {
  await appendAuditRecord(services, {
    tenantId,
    at: now,
    actorType: 'system',
    actorId: actorId(RETENTION_SWEEP_ACTOR),
    actorLabel: 'telemetry retention sweep',
    front: 'system',
    operation: 'governance.sweepRetention',
    effect: 'destructive',
    input: { deletions, rows: deletions.reduce((sum, deletion) => sum + deletion.rows, 0) },
    outcome,
    errorCode: outcome === 'error' ? 'UNAVAILABLE' : null,
    durationMs: Math.round(durationMs),
  });
}

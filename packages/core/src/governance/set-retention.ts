import type { RetentionSettings, TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { updateGovernanceSettings } from './governance-settings.ts';
import { readRetention, retentionEnforcement } from './retention-settings.ts';

export interface RetentionChange {
  defaultDays?: number | null | undefined;
  measurements: Array<{ measurement: string; days: number | null }>;
}

const retention = schema.measurementRetention;

/** Applies the change; the next sweep deletes what the new periods no longer keep. */
export async function setRetention(services: Services, scope: TenantScope, change: RetentionChange): Promise<RetentionSettings> {
  const stored = await services.db.withTenant(scope.tenantId, async (tx) => {
    if (change.defaultDays !== undefined) await updateGovernanceSettings(tx, scope.tenantId, { defaultRetentionDays: change.defaultDays });
    for (const { measurement, days } of change.measurements) {
      if (days === null) {
        await tx.delete(retention).where(and(eq(retention.tenantId, scope.tenantId), eq(retention.measurement, measurement)));
      } else {
        await tx
          .insert(retention)
          .values({ tenantId: scope.tenantId, measurement, retentionDays: days })
          .onConflictDoUpdate({ target: [retention.tenantId, retention.measurement], set: { retentionDays: days } });
      }
    }
    return readRetention(tx, scope.tenantId);
  });
  return { ...stored, enforcement: retentionEnforcement(services) };
}

/** What a change would do, for the confirmation of a destructive call: which periods get shorter. */
export async function planRetention(services: Services, scope: TenantScope, change: RetentionChange): Promise<string> {
  const current = await services.db.withTenant(scope.tenantId, (tx) => readRetention(tx, scope.tenantId));
  const lines: string[] = [];
  const describe = (days: number | null | undefined) => (days === null || days === undefined ? 'forever' : `${days} days`);
  if (change.defaultDays !== undefined && change.defaultDays !== current.defaultDays) {
    lines.push(`default retention: ${describe(current.defaultDays)} → ${describe(change.defaultDays)}`);
  }
  for (const { measurement, days } of change.measurements) {
    const before = current.measurements.find((entry) => entry.measurement === measurement)?.days ?? current.defaultDays;
    const after = days ?? (change.defaultDays === undefined ? current.defaultDays : change.defaultDays);
    lines.push(`${measurement}: ${describe(before)} → ${describe(after)}`);
  }
  const enforcement = retentionEnforcement(services);
  const effect =
    enforcement === 'sweep'
      ? 'The next retention sweep deletes the rows a shorter period no longer keeps; they cannot be restored.'
      : 'This store does not delete rows by retention (see docs/governance.md); the periods are recorded.';
  return `Set telemetry retention: ${lines.join('; ') || 'no change'}. ${effect}`;
}

import type { TenantScope } from '@facilflow/contracts';
import type { Services } from '../services.ts';
import { readGovernanceSettings, updateGovernanceSettings } from './governance-settings.ts';

export async function getAuditRetention(services: Services, scope: TenantScope): Promise<{ days: number }> {
  const { auditRetentionDays } = await services.db.withTenant(scope.tenantId, (tx) => readGovernanceSettings(tx, scope.tenantId));
  return { days: auditRetentionDays };
}

/** The next sweep deletes records older than `days`; the database refuses fewer than 30 (migration 0022). */
export function setAuditRetention(services: Services, scope: TenantScope, input: { days: number }): Promise<{ days: number }> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    await updateGovernanceSettings(tx, scope.tenantId, { auditRetentionDays: input.days });
    return { days: (await readGovernanceSettings(tx, scope.tenantId)).auditRetentionDays };
  });
}

export async function planAuditRetention(services: Services, scope: TenantScope, input: { days: number }): Promise<string> {
  const { days } = await getAuditRetention(services, scope);
  const effect =
    input.days < days
      ? `Shorter: the next sweep deletes the audit records older than ${input.days} days; they cannot be restored.`
      : 'Longer or the same: nothing is deleted now.';
  return `Set audit-log retention: ${days} → ${input.days} days. ${effect}`;
}

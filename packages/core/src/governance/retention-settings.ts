import type { RetentionSettings, TenantScope } from '@facilflow/contracts';
import { asc, eq, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { readGovernanceSettings } from './governance-settings.ts';

const retention = schema.measurementRetention;

/** The store that enforces retention by deleting rows; one that cannot says so (docs/governance.md). */
export function retentionEnforcement(services: Services): RetentionSettings['enforcement'] {
  return services.timeseries.deleteBefore === undefined ? 'not-enforced' : 'sweep';
}

export async function readRetention(tx: Tx, tenantId: string): Promise<Omit<RetentionSettings, 'enforcement'>> {
  const { defaultRetentionDays } = await readGovernanceSettings(tx, tenantId);
  const rows = await tx
    .select({ measurement: retention.measurement, days: retention.retentionDays })
    .from(retention)
    .where(eq(retention.tenantId, tenantId))
    .orderBy(asc(retention.measurement));
  return { defaultDays: defaultRetentionDays, measurements: rows };
}

export async function getRetention(services: Services, scope: TenantScope): Promise<RetentionSettings> {
  const stored = await services.db.withTenant(scope.tenantId, (tx) => readRetention(tx, scope.tenantId));
  return { ...stored, enforcement: retentionEnforcement(services) };
}

import type { Classification, ClassificationLabel, HumanRole, TenantScope } from '@facilflow/contracts';
import { and, asc, eq, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { readGovernanceSettings, updateGovernanceSettings } from './governance-settings.ts';

const classifications = schema.dataClassifications;

export interface ClassificationList {
  classifications: Classification[];
  labelMinRoles: Record<ClassificationLabel, HumanRole>;
}

export async function readClassifications(tx: Tx, tenantId: string, measurement?: string): Promise<ClassificationList> {
  const filters = [eq(classifications.tenantId, tenantId)];
  if (measurement !== undefined) filters.push(eq(classifications.measurement, measurement));
  const rows = await tx
    .select({ measurement: classifications.measurement, field: classifications.field, label: classifications.label })
    .from(classifications)
    .where(and(...filters))
    .orderBy(asc(classifications.measurement), asc(classifications.field));
  const { labelMinRoles } = await readGovernanceSettings(tx, tenantId);
  // The table's CHECK admits only the four labels.
  return { classifications: rows.map((row) => ({ ...row, label: row.label as ClassificationLabel })), labelMinRoles };
}

export function listClassifications(services: Services, scope: TenantScope, input: { measurement?: string | undefined }): Promise<ClassificationList> {
  return services.db.withTenant(scope.tenantId, (tx) => readClassifications(tx, scope.tenantId, input.measurement));
}

export interface ClassificationChange {
  classifications: Array<{ measurement: string; field: string; label: ClassificationLabel | null }>;
  labelMinRoles?: Partial<Record<ClassificationLabel, HumanRole>> | undefined;
}

/** Labels (or unlabels) the fields named and sets the labels' lowest roles; answers with the whole list. */
export function setClassifications(services: Services, scope: TenantScope, change: ClassificationChange): Promise<ClassificationList> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    for (const { measurement, field, label } of change.classifications) {
      if (label === null) {
        await tx
          .delete(classifications)
          .where(and(eq(classifications.tenantId, scope.tenantId), eq(classifications.measurement, measurement), eq(classifications.field, field)));
      } else {
        await tx
          .insert(classifications)
          .values({ tenantId: scope.tenantId, measurement, field, label })
          .onConflictDoUpdate({ target: [classifications.tenantId, classifications.measurement, classifications.field], set: { label } });
      }
    }
    if (change.labelMinRoles !== undefined) {
      const { labelMinRoles } = await readGovernanceSettings(tx, scope.tenantId);
      await updateGovernanceSettings(tx, scope.tenantId, { labelMinRoles: { ...labelMinRoles, ...change.labelMinRoles } });
    }
    return readClassifications(tx, scope.tenantId);
  });
}

import { CLASSIFICATION_LABELS, DEFAULT_LABEL_MIN_ROLES, humanRoleSchema, type ClassificationLabel, type HumanRole } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';

/** Audit records are kept this long unless the tenant chose otherwise. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

export interface GovernanceSettings {
  defaultRetentionDays: number | null;
  auditRetentionDays: number;
  labelMinRoles: Record<ClassificationLabel, HumanRole>;
}

const settings = schema.governanceSettings;

/** The tenant's settings in a transaction of that tenant; a tenant without a row has the defaults. */
export async function readGovernanceSettings(tx: Tx, tenantId: string): Promise<GovernanceSettings> {
  const [row] = await tx.select().from(settings).where(eq(settings.tenantId, tenantId)).limit(1);
  const labelMinRoles = { ...DEFAULT_LABEL_MIN_ROLES };
  for (const label of CLASSIFICATION_LABELS) {
    const chosen = humanRoleSchema.safeParse(row?.labelMinRoles[label]);
    if (chosen.success) labelMinRoles[label] = chosen.data;
  }
  return {
    defaultRetentionDays: row?.defaultRetentionDays ?? null,
    auditRetentionDays: row?.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    labelMinRoles,
  };
}

/** Creates the tenant's row with the defaults when it has none, then applies `change`. */
export async function updateGovernanceSettings(
  tx: Tx,
  tenantId: string,
  change: Partial<{ defaultRetentionDays: number | null; auditRetentionDays: number; labelMinRoles: Record<string, string> }>,
): Promise<void> {
  await tx
    .insert(settings)
    .values({ tenantId, ...change })
    .onConflictDoUpdate({ target: settings.tenantId, set: { ...change, updatedAt: new Date() } });
}

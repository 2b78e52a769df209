import { FacilFlowError, type ApprovalSettings, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';

/** What a tenant that never chose has: only the web app and the CLI approve. */
const DEFAULT_APPROVAL_SETTINGS: ApprovalSettings = { elicitationApproves: false };

/**
 * The tenant's approval settings; a tenant that never chose has the defaults. So has a tenant
 * kept in the Firestore directory (TENANT_DIRECTORY=firestore), which has no row in this table:
 * its callers were already checked against the directory.
 */
export async function getApprovalSettings(services: Services, tenantId: string): Promise<ApprovalSettings> {
  const t = schema.tenants;
  const [row] = await services.db.withTenant(tenantId, (tx) =>
    tx.select({ elicitationApproves: t.elicitationApproves }).from(t).where(eq(t.tenantId, tenantId)).limit(1),
  );
  return row ?? DEFAULT_APPROVAL_SETTINGS;
}

export async function updateApprovalSettings(services: Services, scope: TenantScope, settings: ApprovalSettings): Promise<ApprovalSettings> {
  const t = schema.tenants;
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .update(t)
      .set({ elicitationApproves: settings.elicitationApproves })
      .where(eq(t.tenantId, scope.tenantId))
      .returning({ elicitationApproves: t.elicitationApproves }),
  );
  if (!row) throw new FacilFlowError('NOT_FOUND', 'Tenant not found');
  return row;
}

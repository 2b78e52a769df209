import { FacilFlowError, type Approval, type TenantScope } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toApproval } from './to-approval.ts';

export async function getApproval(services: Services, scope: TenantScope, id: string): Promise<Approval> {
  const a = schema.approvals;
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx.select().from(a).where(and(eq(a.tenantId, scope.tenantId), eq(a.id, id))).limit(1),
  );
  if (!row) throw new FacilFlowError('NOT_FOUND', `Approval ${id} not found`);
  return toApproval(services, row);
}

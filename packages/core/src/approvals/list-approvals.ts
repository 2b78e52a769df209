import type { Approval, ApprovalStatus, TenantScope } from '@facilflow/contracts';
import { and, desc, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toApproval } from './to-approval.ts';

export async function listApprovals(
  services: Services,
  scope: TenantScope,
  input: { status?: ApprovalStatus | undefined; limit: number },
): Promise<Approval[]> {
  const a = schema.approvals;
  const rows = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .select()
      .from(a)
      .where(and(eq(a.tenantId, scope.tenantId), input.status ? eq(a.status, input.status) : undefined))
      .orderBy(desc(a.createdAt), desc(a.id))
      .limit(input.limit),
  );
  return rows.map((row) => toApproval(services, row));
}

import { FacilFlowError, type Approval } from '@facilflow/contracts';
import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { toApproval } from './to-approval.ts';

export type ApprovalOutcome = { applied: true; output: unknown } | { applied: false; error: { code: string; message: string } };

/** Closes an approved request with what applying it did: applied with its output, or failed with its error. */
export async function recordApprovalOutcome(services: Services, tenantId: string, id: string, outcome: ApprovalOutcome): Promise<Approval> {
  const a = schema.approvals;
  const [row] = await services.db.withTenant(tenantId, (tx) =>
    tx
      .update(a)
      .set({
        status: outcome.applied ? 'applied' : 'failed',
        appliedAt: services.now(),
        result: outcome.applied ? (outcome.output ?? null) : { error: outcome.error },
      })
      .where(and(eq(a.tenantId, tenantId), eq(a.id, id), eq(a.status, 'approved')))
      .returning(),
  );
  if (!row) throw new FacilFlowError('CONFLICT', `Approval ${id} was not waiting to be applied`);
  return toApproval(services, row);
}

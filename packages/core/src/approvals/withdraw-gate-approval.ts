import { and, eq, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { approvalsChannel } from './approvals-channel.ts';

/**
 * Ends a gate's pending request the run no longer waits on (cancelled, timed out, stopped by
 * another stage's failure): marked expired with why, so nobody approves a dead request.
 */
export async function withdrawGateApproval(services: Services, tenantId: string, approvalId: string, why: string): Promise<void> {
  const a = schema.approvals;
  const [withdrawn] = await services.db.withTenant(tenantId, (tx) =>
    tx
      .update(a)
      .set({ status: 'expired', result: { error: { code: 'withdrawn', message: why } } })
      .where(and(eq(a.tenantId, tenantId), eq(a.id, approvalId), eq(a.status, 'pending')))
      .returning({ id: a.id }),
  );
  if (withdrawn) await services.bus.publish(approvalsChannel(tenantId), { approvalId, status: 'expired' });
}

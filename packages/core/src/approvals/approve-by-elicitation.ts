import { actorId, FacilFlowError, type Approval, type TenantScope } from '@facilflow/contracts';
import { and, eq, gt, isNull, schema } from '@facilflow/db';
import type { Services } from '../services.ts';
import { getApprovalSettings } from '../tenants/approval-settings.ts';
import { approvalsChannel } from './approvals-channel.ts';
import { toApproval } from './to-approval.ts';

/**
 * The person at the MCP client that asked accepted the plan in their client's own prompt
 * (elicitation), which the model cannot answer. It counts only where a tenant admin chose
 * so, only for a request this same caller filed in this same session, and only while it is
 * pending: the same single conditional update as a web approval claims it, so it is applied once.
 * Returns null when the tenant lets only the web app and the CLI approve.
 */
export async function approveByElicitation(services: Services, scope: TenantScope, id: string, conversationId: string | null): Promise<Approval | null> {
  if (!(await getApprovalSettings(services, scope.tenantId)).elicitationApproves) return null;
  const a = schema.approvals;
  const now = services.now();
  const asked = and(
    eq(a.tenantId, scope.tenantId),
    eq(a.id, id),
    eq(a.requesterActorId, actorId(scope.actor)),
    // stdio has no session id: the request is then one this caller filed outside any session.
    conversationId === null ? isNull(a.requesterConversationId) : eq(a.requesterConversationId, conversationId),
    // A policy's request needs approvers other than the one who asked: their own prompt never counts.
    isNull(a.approverRole),
  );
  const [decided] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .update(a)
      .set({ status: 'approved', decidedBy: actorId(scope.actor), decidedVia: 'elicitation', decidedAt: now })
      .where(and(asked, eq(a.status, 'pending'), gt(a.expiresAt, now)))
      .returning(),
  );
  if (!decided) throw new FacilFlowError('CONFLICT', `Approval ${id} is not pending for this session (decided, expired, asked elsewhere, or held by a policy for other approvers)`);
  await services.bus.publish(approvalsChannel(scope.tenantId), { approvalId: decided.id, status: decided.status });
  return toApproval(services, decided);
}

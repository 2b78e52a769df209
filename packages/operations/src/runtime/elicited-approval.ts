import { FacilFlowError, type Approval, type Front, type Principal } from '@facilflow/contracts';
import { approveByElicitation, recordApprovalOutcome } from '@facilflow/core';
import { runRecorded } from './audit-trail.ts';
import { applyApprovedCall, type ApprovedCallDeps } from './apply-approved-call.ts';

/**
 * A person accepted, in their MCP client's own prompt, the plan of a request this caller just
 * filed. Where the tenant lets that count, the request is claimed (decided via `elicitation`)
 * and applied once through the same path as a web approval; the decision is audited as
 * `approvals.approve` on the caller's front and session, and the applied call as the requester's.
 * Null when the tenant lets only the web app and the CLI approve: nothing changes then.
 */
export async function applyElicitedApproval(
  deps: ApprovedCallDeps,
  principal: Principal,
  via: Front,
  approvalId: string,
  conversationId: string | null,
  signal: AbortSignal,
): Promise<Approval | null> {
  const tenantId = principal.tenantId;
  const role = principal.role;
  if (!tenantId || !role) throw new FacilFlowError('FORBIDDEN', 'Approvals belong to a tenant');
  const approve = deps.registry.get('approvals.approve');
  if (!approve) throw new FacilFlowError('NOT_FOUND', 'Unknown operation approvals.approve');
  const scope = { tenantId, actor: principal.actor, role };
  const call = { op: approve, principal, via, conversationId, input: { id: approvalId, decidedVia: 'elicitation' }, started: performance.now() };
  let approved: Approval | null = null;
  await runRecorded(deps.services, call, tenantId, async () => {
    approved = await approveByElicitation(deps.services, scope, approvalId, conversationId);
    if (!approved) return { counted: false };
    const outcome = await applyApprovedCall(deps, approved, signal);
    approved = await recordApprovalOutcome(deps.services, tenantId, approvalId, outcome);
    return { approval: approved };
  });
  return approved;
}

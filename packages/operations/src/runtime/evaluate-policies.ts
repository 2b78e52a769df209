import { actorId, FacilFlowError, type Front, type Policy, type PolicyMark, type Principal } from '@facilflow/contracts';
import { decidingPolicy, digestInput, loadEnabledPolicies, matchesCallShape, policyMatches, recordViolation, type Services } from '@facilflow/core';
import type { OperationContext, TenantOperation } from '../define-operation.ts';
import { filePersonApproval, pendingApprovalAnswer } from './person-approval.ts';

/** Policies never govern the operations that manage them or decide approvals: no policy can lock out the people who fix it. */
const UNGOVERNED_RESOURCES = new Set(['policies', 'violations', 'approvals']);

/** Every write and destructive tenant operation, and the reads that resolve policy attributes (telemetry.query). */
export function governedByPolicies(op: TenantOperation): boolean {
  if (UNGOVERNED_RESOURCES.has(op.name.slice(0, op.name.indexOf('.')))) return false;
  return op.effect !== 'read' || op.policyAttributes !== undefined;
}

export function policyMark(policy: Policy): PolicyMark {
  return { id: policy.id, name: policy.name, effect: policy.effect };
}

/**
 * The policy that decides this call, or null: the tenant's enabled policies matched on
 * operation, role, front and time window first, and only when one of those has conditions are
 * the operation's attributes resolved (once) and the conditions checked.
 */
export async function decidePolicy(services: Services, op: TenantOperation, ctx: OperationContext, input: unknown): Promise<Policy | null> {
  if (!governedByPolicies(op)) return null;
  const policies = await loadEnabledPolicies(services, ctx.tenantId);
  if (policies.length === 0) return null;
  const shape = { operation: op.name, role: ctx.role, front: ctx.via, at: services.now() };
  const candidates = policies.filter((policy) => matchesCallShape(policy, shape));
  if (candidates.length === 0) return null;
  const conditional = candidates.some((policy) => policy.match.conditions.length > 0);
  const attributes = conditional && op.policyAttributes ? await op.policyAttributes(ctx, input as never) : {};
  return decidingPolicy(candidates.filter((policy) => policyMatches(policy, { ...shape, attributes })));
}

export interface PolicedCall {
  op: TenantOperation;
  principal: Principal;
  via: Front;
  conversationId: string | null;
  tenantId: string;
  input: Record<string, unknown>;
  plan: () => Promise<string>;
  confirmationToken: unknown;
}

/**
 * Enforces the deciding policy: DENY refuses with its reason and has no effect; REQUIRE_APPROVAL
 * files (or finds again) the pending approval with the policy's approvers, role and expiry, on
 * every front; both are recorded as violations. ALLOW only lets the call go on as it would have.
 */
export async function enforcePolicy(services: Services, policy: Policy, call: PolicedCall): Promise<void> {
  if (policy.effect === 'ALLOW') return;
  const actor = call.principal.actor;
  const violation = {
    tenantId: call.tenantId,
    policy: policyMark(policy),
    operation: call.op.name,
    actorId: actorId(actor),
    actorLabel: actor.type === 'user' ? actor.email : actor.name,
    front: call.via,
    inputDigest: digestInput(call.input).digest,
  };
  if (policy.effect === 'DENY') {
    await recordViolation(services, { ...violation, outcome: 'denied', approvalId: null });
    throw new FacilFlowError('FORBIDDEN', `Refused by policy "${policy.name}": ${policy.reason ?? 'no reason given'}. Nothing was applied.`, { policy: policyMark(policy) });
  }
  const settings = policy.approval ?? { approvers: 1, approverRole: 'admin' as const, expiresInMinutes: 60 };
  const ask = {
    operation: call.op.name,
    tenantId: call.tenantId,
    principal: call.principal,
    via: call.via,
    conversationId: call.conversationId,
    input: call.input,
    plan: await call.plan(),
    confirmationToken: call.confirmationToken,
    requirement: { policy: policyMark(policy), requiredApprovals: settings.approvers, approverRole: settings.approverRole },
    ttlMs: settings.expiresInMinutes * 60_000,
  };
  const approval = await filePersonApproval(services, ask);
  await recordViolation(services, { ...violation, outcome: 'approval_required', approvalId: approval.id });
  throw pendingApprovalAnswer(approval, ask);
}

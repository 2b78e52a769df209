import { actorId, FacilFlowError, HUMAN_ROLES, MODEL_FACING_FRONTS, type Approval, type ApprovalVote, type Front, type Role, type TenantScope } from '@facilflow/contracts';
import { and, eq, gt, schema, sql } from '@facilflow/db';
import type { Services } from '../services.ts';
import { recordTenantEvent } from '../notifications/webhooks/record-tenant-event.ts';
import { approvalsChannel } from './approvals-channel.ts';
import { gateOf } from './gate-of.ts';
import { toApproval, votesOf, type ApprovalRow } from './to-approval.ts';

export interface ApprovalDecision {
  id: string;
  decision: 'approve' | 'reject';
  reason?: string | undefined;
  /** The front the person decides through, and the conversation when the decision comes from one. */
  via: Front;
  conversationId: string | null;
}

function isModelFacing(front: Front): boolean {
  return (MODEL_FACING_FRONTS as readonly Front[]).includes(front);
}

/**
 * Who may decide: a signed-in person, outside any model's conversation. The key and the
 * conversation that asked never may. A person may decide what a model asked in their own
 * name (Jarvis acts with their session) only from the web app or the CLI: the click is theirs.
 * A pipeline gate's request is decided only by the roles its spec names.
 */
function assertMayDecide(row: ApprovalRow, scope: TenantScope, decision: ApprovalDecision): void {
  const verb = decision.decision;
  if (scope.actor.type === 'apiKey' && scope.actor.keyId === row.requesterKeyId) {
    throw new FacilFlowError('FORBIDDEN', `The API key that asked for this call cannot ${verb} it: a person must, in the web app or with the CLI`);
  }
  if (scope.actor.type !== 'user') {
    throw new FacilFlowError('FORBIDDEN', `Only a signed-in person may ${verb} a request; an API key or a system cannot`);
  }
  if (isModelFacing(decision.via)) {
    throw new FacilFlowError('FORBIDDEN', `Requests are decided in the web app or with the CLI, never through ${decision.via}`);
  }
  if (decision.conversationId !== null && decision.conversationId === row.requesterConversationId) {
    throw new FacilFlowError('FORBIDDEN', `The conversation that asked for this call cannot ${verb} it`);
  }
  const gate = gateOf(row);
  if (gate && !(gate.approverRoles as readonly string[]).includes(scope.role)) {
    throw new FacilFlowError('FORBIDDEN', `The gate "${gate.title}" is decided by ${gate.approverRoles.join(' or ')}; your role is ${scope.role}`);
  }
  assertPolicyApprover(row, scope, verb);
}

/** Roles are listed most powerful first: at least `least` means at that index or before it. */
export function roleIsAtLeast(role: Role, least: string): boolean {
  const rank = (HUMAN_ROLES as readonly string[]).indexOf(role);
  const needed = (HUMAN_ROLES as readonly string[]).indexOf(least);
  return rank >= 0 && needed >= 0 && rank <= needed;
}

/** A policy's request is decided by people of at least its approver role, and approved never by the one who asked. */
function assertPolicyApprover(row: ApprovalRow, scope: TenantScope, verb: string): void {
  if (row.approverRole === null) return;
  const policyName = toPolicyName(row);
  if (!roleIsAtLeast(scope.role, row.approverRole)) {
    throw new FacilFlowError('FORBIDDEN', `The policy "${policyName}" needs an approver of role ${row.approverRole} or above; your role is ${scope.role}`);
  }
  if (verb === 'approve' && actorId(scope.actor) === row.requesterActorId) {
    throw new FacilFlowError('FORBIDDEN', `You asked for this call: the policy "${policyName}" needs ${row.requiredApprovals} other person(s) to approve it`);
  }
}

function toPolicyName(row: ApprovalRow): string {
  const name = row.policy && typeof row.policy === 'object' ? (row.policy as { name?: unknown }).name : null;
  return typeof name === 'string' ? name : 'policy';
}

/** The decision's new columns: a yes that is not yet the last one needed only adds its vote. */
function decisionColumns(row: ApprovalRow, scope: TenantScope, decision: ApprovalDecision, now: Date) {
  const decided = {
    status: decision.decision === 'approve' ? 'approved' : 'rejected',
    decidedBy: actorId(scope.actor),
    decidedVia: decision.via,
    decidedAt: now,
    reason: decision.reason ?? null,
  };
  if (decision.decision !== 'approve' || row.requiredApprovals <= 1) return decided;
  const votes = votesOf(row);
  const me = actorId(scope.actor);
  if (votes.some((vote) => vote.actorId === me)) {
    const missing = row.requiredApprovals - votes.length;
    throw new FacilFlowError('CONFLICT', `You approved ${row.id} already; it needs ${missing} more approval(s) from other people`);
  }
  const vote: ApprovalVote = { actorId: me, label: scope.actor.type === 'user' ? scope.actor.email : scope.actor.name, via: decision.via, at: now.toISOString() };
  const approvers = [...votes, vote];
  return approvers.length >= row.requiredApprovals ? { ...decided, approvers } : { approvers };
}

/**
 * A person's decision, taken once: the row moves from pending to approved or rejected in a
 * single conditional update, so of two decisions at the same moment exactly one counts. A
 * request found past its expiry is marked expired and refused. A request a policy holds for
 * several approvers stays pending, with the vote counted, until the last distinct one approves.
 */
export async function decideApproval(services: Services, scope: TenantScope, decision: ApprovalDecision): Promise<Approval> {
  const a = schema.approvals;
  const thisOne = and(eq(a.tenantId, scope.tenantId), eq(a.id, decision.id));
  const now = services.now();
  const [row] = await services.db.withTenant(scope.tenantId, (tx) => tx.select().from(a).where(thisOne).limit(1));
  if (!row) throw new FacilFlowError('NOT_FOUND', `Approval ${decision.id} not found`);
  assertMayDecide(row, scope, decision);
  if (row.status === 'pending' && row.expiresAt.getTime() <= now.getTime()) {
    await services.db.withTenant(scope.tenantId, (tx) => tx.update(a).set({ status: 'expired' }).where(and(thisOne, eq(a.status, 'pending'))));
    throw new FacilFlowError('CONFLICT', `Approval ${decision.id} expired at ${row.expiresAt.toISOString()}; the call must be asked for again`);
  }
  if (row.status !== 'pending') throw new FacilFlowError('CONFLICT', `Approval ${decision.id} is already ${row.status}`);
  const columns = decisionColumns(row, scope, decision, now);
  // The votes counted when this decision was read: a vote counted meanwhile makes this update find no row.
  const sameVotes = sql`jsonb_array_length(${a.approvers}) = ${votesOf(row).length}`;
  const [decided] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .update(a)
      .set(columns)
      .where(and(thisOne, eq(a.status, 'pending'), gt(a.expiresAt, now), sameVotes))
      .returning(),
  );
  if (!decided) throw new FacilFlowError('CONFLICT', `Approval ${decision.id} was decided or expired meanwhile`);
  await services.bus.publish(approvalsChannel(scope.tenantId), { approvalId: decided.id, status: decided.status });
  const approval = toApproval(services, decided);
  await recordTenantEvent(services, scope.tenantId, 'approval.decided', `Approval ${approval.status}: ${approval.operation}`, { approval });
  return approval;
}

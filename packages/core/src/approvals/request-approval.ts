import { FacilFlowError, type Approval, type ApprovalRequester, type HumanRole, type PolicyMark } from '@facilflow/contracts';
import { and, eq, lte, schema } from '@facilflow/db';
import { canonicalJsonText, digestInput } from '../audit/canonical-json-digest.ts';
import { newId } from '../ids.ts';
import type { Services } from '../services.ts';
import { recordTenantEvent } from '../notifications/webhooks/record-tenant-event.ts';
import { toApproval } from './to-approval.ts';

/** Long enough for a person to be reached, short enough that the plan still describes the world. */
export const APPROVAL_TTL_MS = 60 * 60_000;
/** The stored input is applied later, so it is kept whole; beyond this a call is refused rather than cut. */
export const MAX_APPROVAL_INPUT_CHARS = 64 * 1024;

/** What a REQUIRE_APPROVAL policy asks of a request beyond one person's yes. */
export interface ApprovalRequirement {
  policy: PolicyMark;
  /** Distinct approvers, never the requester. */
  requiredApprovals: number;
  /** The least role each approver holds. */
  approverRole: HumanRole;
}

export interface ApprovalDraft {
  operation: string;
  input: Record<string, unknown>;
  plan: string;
  requester: ApprovalRequester;
  ttlMs?: number;
  requirement?: ApprovalRequirement | undefined;
}

function samePolicy(row: { policy: unknown }, requirement: ApprovalRequirement | undefined): boolean {
  const id = row.policy && typeof row.policy === 'object' ? (row.policy as { id?: unknown }).id : null;
  return (id ?? null) === (requirement?.policy.id ?? null);
}

/**
 * The pending approval for exactly this call by this caller: the open one when they asked
 * already (same operation, same input digest), else a new one. A request whose time ran out
 * is marked expired here, so asking again starts a fresh one.
 */
export async function requestApproval(services: Services, tenantId: string, draft: ApprovalDraft): Promise<Approval> {
  const text = canonicalJsonText(draft.input);
  if (text === null) throw new FacilFlowError('INVALID', 'The input cannot be kept for approval: it is not JSON');
  if (text.length > MAX_APPROVAL_INPUT_CHARS) {
    throw new FacilFlowError('INVALID', `The input is too large to keep for approval (${text.length} characters, at most ${MAX_APPROVAL_INPUT_CHARS})`);
  }
  const inputDigest = digestInput(draft.input).digest;
  const now = services.now();
  const a = schema.approvals;
  const sameCall = and(
    eq(a.tenantId, tenantId),
    eq(a.operation, draft.operation),
    eq(a.inputDigest, inputDigest),
    eq(a.requesterActorId, draft.requester.actorId),
    eq(a.status, 'pending'),
  );
  const requirement = draft.requirement;
  let created = false;
  const row = await services.db.withTenant(tenantId, async (tx) => {
    await tx.update(a).set({ status: 'expired' }).where(and(sameCall, lte(a.expiresAt, now)));
    const [earlier] = await tx.select().from(a).where(sameCall).limit(1);
    // A request filed under other rules (before a policy applied, or under another one) does not stand for this one.
    if (earlier && !samePolicy(earlier, requirement)) await tx.update(a).set({ status: 'expired' }).where(and(sameCall, eq(a.id, earlier.id)));
    const [inserted] = await tx
      .insert(a)
      .values({
        id: newId('apr'),
        tenantId,
        operation: draft.operation,
        inputDigest,
        input: draft.input,
        plan: draft.plan,
        requesterActorId: draft.requester.actorId,
        requesterLabel: draft.requester.label,
        requesterKeyId: draft.requester.apiKeyId,
        requesterFront: draft.requester.front,
        requesterConversationId: draft.requester.conversationId,
        status: 'pending',
        createdAt: now,
        expiresAt: new Date(now.getTime() + (draft.ttlMs ?? APPROVAL_TTL_MS)),
        policy: requirement?.policy ?? null,
        requiredApprovals: requirement?.requiredApprovals ?? 1,
        approverRole: requirement?.approverRole ?? null,
        approvers: [],
      })
      .onConflictDoNothing()
      .returning();
    created = inserted !== undefined;
    if (inserted) return inserted;
    const [open] = await tx.select().from(a).where(sameCall).limit(1);
    return open;
  });
  if (!row) throw new FacilFlowError('CONFLICT', 'The same request was decided while it was being asked again; ask again');
  const approval = toApproval(services, row);
  // Outgoing webhooks hear of a new request once, not of a caller asking for the same call again.
  if (created) await recordTenantEvent(services, tenantId, 'approval.requested', `Approval requested: ${approval.operation}`, { approval });
  return approval;
}

import { FacilFlowError, type Approval, type ApprovalRequester } from '@facilflow/contracts';
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

export interface ApprovalDraft {
  operation: string;
  input: Record<string, unknown>;
  plan: string;
  requester: ApprovalRequester;
  ttlMs?: number;
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
  let created = false;
  const row = await services.db.withTenant(tenantId, async (tx) => {
    await tx.update(a).set({ status: 'expired' }).where(and(sameCall, lte(a.expiresAt, now)));
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

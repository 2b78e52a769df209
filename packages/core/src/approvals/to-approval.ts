import { approvalVoteSchema, humanRoleSchema, policyMarkSchema, type Approval, type ApprovalStatus, type ApprovalVote, type Front } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';
import type { Services } from '../services.ts';

export type ApprovalRow = typeof schema.approvals.$inferSelect;

/** Where a person reviews an approval in the web app. */
export function approvalUrl(services: Services, id: string): string {
  return `${services.publicUrl.replace(/\/+$/, '')}/approvals/${id}`;
}

/** The yeses counted so far; an entry that is not one (never written so) is left out. */
export function votesOf(row: Pick<ApprovalRow, 'approvers'>): ApprovalVote[] {
  const raw = Array.isArray(row.approvers) ? (row.approvers as unknown[]) : [];
  return raw.flatMap((vote) => {
    const parsed = approvalVoteSchema.safeParse(vote);
    return parsed.success ? [parsed.data] : [];
  });
}

export function toApproval(services: Services, row: ApprovalRow): Approval {
  return {
    id: row.id,
    tenantId: row.tenantId,
    operation: row.operation,
    inputDigest: row.inputDigest,
    input: row.input as Record<string, unknown>,
    plan: row.plan,
    requester: {
      actorId: row.requesterActorId,
      label: row.requesterLabel,
      apiKeyId: row.requesterKeyId,
      front: row.requesterFront as Front,
      conversationId: row.requesterConversationId,
    },
    status: row.status as ApprovalStatus,
    decidedBy: row.decidedBy,
    decidedVia: row.decidedVia as Front | 'elicitation' | null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    result: row.result ?? null,
    url: approvalUrl(services, row.id),
    policy: policyMarkSchema.safeParse(row.policy).data ?? null,
    requiredApprovals: row.requiredApprovals,
    approverRole: humanRoleSchema.safeParse(row.approverRole).data ?? null,
    approvers: votesOf(row),
  };
}

import type { Approval, ApprovalStatus, Front } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';
import type { Services } from '../services.ts';

export type ApprovalRow = typeof schema.approvals.$inferSelect;

/** Where a person reviews an approval in the web app. */
export function approvalUrl(services: Services, id: string): string {
  return `${services.publicUrl.replace(/\/+$/, '')}/approvals/${id}`;
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
  };
}

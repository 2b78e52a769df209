import type { ApprovalStatus } from '@facilflow/contracts';

/** Where a decision goes out, so a pipeline run waiting on the approval goes on without polling the table. */
export const approvalsChannel = (tenantId: string) => `tenant:${tenantId}:approvals`;

export interface ApprovalDecidedMessage {
  approvalId: string;
  status: ApprovalStatus;
}

export function isApprovalDecidedMessage(message: unknown): message is ApprovalDecidedMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { approvalId, status } = message as Record<string, unknown>;
  return typeof approvalId === 'string' && typeof status === 'string';
}

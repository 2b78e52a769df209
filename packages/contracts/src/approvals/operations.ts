import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';
import { approvalSchema, approvalStatusSchema } from './approval.ts';

export const listApprovalsInput = z.object({
  status: approvalStatusSchema.optional().describe('Only approvals in this status, e.g. "pending"'),
  limit: z.number().int().min(1).max(200).default(50).describe('At most this many, newest first'),
});
export const listApprovalsOutput = z.object({ approvals: z.array(approvalSchema) });

export const getApprovalInput = z.object({ id: idSchema.describe('Approval id (from approvals.list or a PENDING_APPROVAL answer)') });
export const getApprovalOutput = z.object({ approval: approvalSchema });

export const approveApprovalInput = z.object({
  id: idSchema.describe('Approval id'),
  reason: z.string().trim().max(500).optional().describe('Why, for the audit trail'),
});
export const approveApprovalOutput = z.object({ approval: approvalSchema });

export const rejectApprovalInput = z.object({
  id: idSchema.describe('Approval id'),
  reason: z.string().trim().max(500).optional().describe('Why, for the requester and the audit trail'),
});
export const rejectApprovalOutput = z.object({ approval: approvalSchema });

import { z } from 'zod';
import { frontSchema } from '../identity/actor.ts';
import { idSchema } from '../tenancy/tenant.ts';
import { humanRoleSchema } from '../identity/roles.ts';
import { policyMarkSchema } from '../policies/policy.ts';

/**
 * `pending`: waiting for a person. `approved`: a person said yes and the call is being applied;
 * it ends `applied` (the call succeeded) or `failed` (the call refused or threw). `rejected`
 * and `expired` never apply.
 */
export const APPROVAL_STATUSES = ['pending', 'approved', 'applied', 'failed', 'rejected', 'expired'] as const;
export const approvalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

/** The fronts a model speaks through: what they ask for, a person approves elsewhere. */
export const MODEL_FACING_FRONTS = ['mcp', 'jarvis'] as const;

/** Who asked: the actor, the API key when a key did, the front and the conversation. */
export const approvalRequesterSchema = z.object({
  actorId: z.string(),
  label: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  front: frontSchema,
  conversationId: z.string().nullable(),
});
export type ApprovalRequester = z.infer<typeof approvalRequesterSchema>;

/** One person's yes on a request that needs several distinct approvers (a REQUIRE_APPROVAL policy's). */
export const approvalVoteSchema = z.object({
  actorId: z.string(),
  label: z.string().nullable(),
  via: frontSchema,
  at: z.iso.datetime(),
});
export type ApprovalVote = z.infer<typeof approvalVoteSchema>;

export const approvalSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  operation: z.string(),
  /** `sha256:<hex>` of the exact input's canonical JSON: what was approved is what is applied. */
  inputDigest: z.string(),
  input: z.record(z.string(), z.unknown()),
  plan: z.string(),
  requester: approvalRequesterSchema,
  status: approvalStatusSchema,
  decidedBy: z.string().nullable(),
  /** The front the person decided through, or `elicitation`: their answer to the MCP client that asked, where the tenant lets that count. */
  decidedVia: z.union([frontSchema, z.literal('elicitation')]).nullable(),
  decidedAt: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  appliedAt: z.iso.datetime().nullable(),
  /** The applied call's output, or `{ error: { code, message } }` when it failed. */
  result: z.unknown().nullable(),
  /** Where a person reviews it in the web app. */
  url: z.string(),
  /** The REQUIRE_APPROVAL policy that asked for this approval; null when the operation's own effect did. */
  policy: policyMarkSchema.nullable(),
  /** How many distinct people must approve before it is applied (1 unless a policy asks for more). */
  requiredApprovals: z.number().int().min(1),
  /** The least role an approver must hold (a policy's); null: anyone whose role may run the operation. */
  approverRole: humanRoleSchema.nullable(),
  /** The yeses counted so far; the last one moves the request to approved. */
  approvers: z.array(approvalVoteSchema),
});
export type Approval = z.infer<typeof approvalSchema>;

/** What a model-facing front answers a destructive call with: the plan and where a person decides; nothing that applies it. */
export const approvalRequestSchema = z.object({
  plan: z.string(),
  approvalId: idSchema,
  approvalUrl: z.string(),
  expiresAt: z.iso.datetime(),
});
export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;

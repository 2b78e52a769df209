import { actorId, FacilFlowError, MODEL_FACING_FRONTS, type Approval, type Front, type Principal } from '@facilflow/contracts';
import { isAutomationKey, requestApproval, type ApprovalRequirement, type Services } from '@facilflow/core';
import type { ProgressReporter } from '../define-operation.ts';

/** Where a call comes from beyond its principal and front: the Jarvis conversation or MCP session. */
export interface CallOrigin {
  conversationId?: string | null | undefined;
  /** Where the operation's progress reports go (an MCP request's progressToken); none when the caller did not ask. */
  onProgress?: ProgressReporter | undefined;
}

/**
 * Whether a destructive call must wait for a person: it does when a model asks (MCP, Jarvis),
 * unless the caller is an API key an admin created for automation, which confirms its own
 * calls with a token. People on the web app and the CLI confirm with a token as before.
 */
export async function needsPersonApproval(services: Services, principal: Principal, via: Front, tenantId: string): Promise<boolean> {
  if (!(MODEL_FACING_FRONTS as readonly Front[]).includes(via)) return false;
  const actor = principal.actor;
  return !(actor.type === 'apiKey' && (await isAutomationKey(services, tenantId, actor.keyId)));
}

export interface ApprovalAsk {
  operation: string;
  tenantId: string;
  principal: Principal;
  via: Front;
  conversationId: string | null;
  input: Record<string, unknown>;
  plan: string;
  /** A confirmation token the caller sent anyway: refused, since a model could have filled it in. */
  confirmationToken: unknown;
  /** What a REQUIRE_APPROVAL policy asks beyond one person's yes, and how long the request waits. */
  requirement?: ApprovalRequirement | undefined;
  ttlMs?: number | undefined;
}

/** Files (or finds again) the pending approval for this exact call. */
export function filePersonApproval(services: Services, ask: ApprovalAsk): Promise<Approval> {
  const actor = ask.principal.actor;
  return requestApproval(services, ask.tenantId, {
    operation: ask.operation,
    input: ask.input,
    plan: ask.plan,
    requester: {
      actorId: actorId(actor),
      label: actor.type === 'user' ? actor.email : actor.name,
      apiKeyId: actor.type === 'apiKey' ? actor.keyId : null,
      front: ask.via,
      conversationId: ask.conversationId,
    },
    ...(ask.ttlMs === undefined ? {} : { ttlMs: ask.ttlMs }),
    requirement: ask.requirement,
  });
}

/** Who must decide, in words: the caller learns whom to ask, also on the web app and the CLI. */
function whoDecides(approval: Approval): string {
  if (!approval.policy || !approval.approverRole) return 'A person must approve this before it happens';
  const people = approval.requiredApprovals === 1 ? 'one person' : `${approval.requiredApprovals} different people`;
  return `Policy "${approval.policy.name}" holds this call: ${people} of role ${approval.approverRole} or above, other than you, must approve it`;
}

/** The PENDING_APPROVAL answer: the plan and where a person decides; nothing in it applies the call. */
export function pendingApprovalAnswer(approval: Approval, ask: ApprovalAsk): FacilFlowError {
  const tokenNote =
    typeof ask.confirmationToken === 'string' && ask.confirmationToken !== ''
      ? ' Confirmation tokens are not accepted here, only a person\'s approval.'
      : '';
  return new FacilFlowError(
    'PENDING_APPROVAL',
    `${whoDecides(approval)}: ${approval.plan} Nothing was applied.${tokenNote} ` +
      (approval.policy
        ? `Approve or reject it at ${approval.url} (or facilflow approvals approve ${approval.id}); once approved it is applied once, by the approval itself.`
        : `Tell the user to approve or reject it at ${approval.url}; once approved it is applied once, by the approval itself.`),
    {
      plan: approval.plan,
      approvalId: approval.id,
      approvalUrl: approval.url,
      expiresAt: approval.expiresAt,
      ...(approval.policy ? { policy: approval.policy, requiredApprovals: approval.requiredApprovals, approverRole: approval.approverRole } : {}),
    },
  );
}

/**
 * Files (or finds again) the pending approval for this exact call and answers PENDING_APPROVAL
 * with the plan and where a person decides. The answer carries nothing that applies the call:
 * asking again, with or without a token, only returns the same pending approval.
 */
export async function askForPersonApproval(services: Services, ask: ApprovalAsk): Promise<never> {
  throw pendingApprovalAnswer(await filePersonApproval(services, ask), ask);
}

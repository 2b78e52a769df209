import { FacilFlowError, type Approval, type Front, type Principal } from '@facilflow/contracts';
import { digestInput, resolveRequester, type ApprovalOutcome, type Services } from '@facilflow/core';
import type { OperationContext } from '../define-operation.ts';
import type { Registry } from '../registry.ts';
import { runRecorded, type AuditedCall } from './audit-trail.ts';
import { assertMayUse } from './authorize.ts';
import { parseInput } from './parse-input.ts';
import { parseOutput } from './parse-output.ts';
import { toFacilFlowError } from './to-facilflow-error.ts';

export interface ApprovedCallDeps {
  registry: Registry;
  services: Services;
  contextFor(principal: Principal, via: Front, conversationId: string | null, signal: AbortSignal): OperationContext;
}

/**
 * Applies a call a person approved, as the one who asked it: their key or membership read
 * again now and authorized again, the input exactly the one approved (its digest checked),
 * and audited as their call on their front. What it did or why it could not is the outcome.
 */
export async function applyApprovedCall(deps: ApprovedCallDeps, approval: Approval, signal: AbortSignal): Promise<ApprovalOutcome> {
  try {
    const op = deps.registry.get(approval.operation);
    if (!op || op.scope !== 'tenant') throw new FacilFlowError('NOT_FOUND', `Operation ${approval.operation} no longer exists`);
    const requester = await resolveRequester(deps.services, approval.tenantId, approval.requester.actorId);
    if (!requester) throw new FacilFlowError('FORBIDDEN', `${approval.requester.actorId} who asked for this is no longer in this tenant (key revoked or member removed)`);
    assertMayUse(requester, op);
    if (digestInput(approval.input).digest !== approval.inputDigest) {
      throw new FacilFlowError('INVALID', 'The stored input no longer matches the digest that was approved');
    }
    const input = parseInput(op, approval.input);
    const { front, conversationId } = approval.requester;
    const ctx = deps.contextFor(requester, front, conversationId, signal);
    const call: AuditedCall = { op, principal: requester, via: front, conversationId, input: approval.input, started: performance.now(), policy: approval.policy };
    const output = await runRecorded(deps.services, call, approval.tenantId, async () => parseOutput(op, await op.handler(ctx, input)));
    return { applied: true, output };
  } catch (e) {
    const error = toFacilFlowError(e, approval.operation);
    return { applied: false, error: { code: error.code, message: error.message } };
  }
}

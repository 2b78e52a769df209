import { approveApprovalInput, approveApprovalOutput } from '@facilflow/contracts';
import { decideApproval, gateOf, getApproval, recordApprovalOutcome, type ApprovalOutcome } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const approvalsApprove = defineOperation({
  name: 'approvals.approve',
  title: 'Approve request',
  description:
    'A person approves a pending request, which then applies the call it holds, once, as the one who asked ' +
    '(authorized again now). Only a signed-in person may approve, in the web app or the CLI: never the key, ' +
    'or the conversation that asked, and only someone whose role may run the operation. ' +
    'A pipeline approval gate\'s request lets its run go on; only the gate\'s approver roles decide it. ' +
    'A request a policy holds needs its number of distinct approvers of its approver role, never the requester: ' +
    'until the last one approves it stays pending with the approvals counted. ' +
    'Returns the approval, applied with its result or failed with its error.',
  scope: 'tenant',
  permission: ['approve', 'Approval'],
  effect: 'write',
  input: approveApprovalInput,
  output: approveApprovalOutput,
  handler: async (ctx, input) => {
    const asked = await getApproval(ctx.services, ctx.scope, input.id);
    const gate = gateOf(asked);
    // A gate holds no operation to run: decideApproval checks the gate's approver roles instead.
    if (!gate) ctx.approvedCalls.assertCallerMayRun(asked.operation);
    // The conditional pending → approved update is the one place a request is claimed, so it is applied at most once.
    const approved = await decideApproval(ctx.services, ctx.scope, {
      id: input.id,
      decision: 'approve',
      reason: input.reason,
      via: ctx.via,
      conversationId: ctx.conversationId,
    });
    // A policy that needs several distinct approvers counted this one; the last of them applies the call.
    if (approved.status === 'pending') return { approval: approved };
    // Applying a gate's request is releasing its run: the waiting worker heard the decision, and one that takes the run over reads it.
    const outcome: ApprovalOutcome = gate
      ? { applied: true, output: { released: { runId: gate.runId, stageId: gate.stageId } } }
      : await ctx.approvedCalls.apply(approved);
    return { approval: await recordApprovalOutcome(ctx.services, ctx.tenantId, approved.id, outcome) };
  },
});

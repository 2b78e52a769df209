import { rejectApprovalInput, rejectApprovalOutput } from '@facilflow/contracts';
import { decideApproval } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const approvalsReject = defineOperation({
  name: 'approvals.reject',
  title: 'Reject request',
  description:
    'A person rejects a pending request; the call it holds never happens, and asking again files a new request. ' +
    'The same people may reject as may approve (not the key or the conversation that asked).',
  scope: 'tenant',
  permission: ['approve', 'Approval'],
  effect: 'write',
  input: rejectApprovalInput,
  output: rejectApprovalOutput,
  handler: async (ctx, input) => ({
    approval: await decideApproval(ctx.services, ctx.scope, {
      id: input.id,
      decision: 'reject',
      reason: input.reason,
      via: ctx.via,
      conversationId: ctx.conversationId,
    }),
  }),
});

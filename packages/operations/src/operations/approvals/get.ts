import { getApprovalInput, getApprovalOutput } from '@facilflow/contracts';
import { getApproval } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const approvalsGet = defineOperation({
  name: 'approvals.get',
  title: 'Get approval',
  description: 'One request for a person\'s approval: the operation, its exact input and plan, who asked, the decision and, once applied, its result.',
  scope: 'tenant',
  permission: ['read', 'Approval'],
  effect: 'read',
  input: getApprovalInput,
  output: getApprovalOutput,
  handler: async (ctx, input) => ({ approval: await getApproval(ctx.services, ctx.scope, input.id) }),
});

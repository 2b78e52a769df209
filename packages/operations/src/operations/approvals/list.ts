import { listApprovalsInput, listApprovalsOutput } from '@facilflow/contracts';
import { listApprovals } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const approvalsList = defineOperation({
  name: 'approvals.list',
  title: 'List approvals',
  description:
    'Lists the requests for a person\'s approval in this tenant, newest first: destructive calls a model asked for ' +
    '(MCP, Jarvis) and pipeline approval gates holding a run, with their plan, who asked, through which front and conversation, and their status ' +
    '(pending, applied, failed, rejected, expired).',
  scope: 'tenant',
  permission: ['read', 'Approval'],
  effect: 'read',
  input: listApprovalsInput,
  output: listApprovalsOutput,
  handler: async (ctx, input) => ({ approvals: await listApprovals(ctx.services, ctx.scope, input) }),
});

import { listMembersInput, listMembersOutput } from '@facilflow/contracts';
import { listMembers } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const membersList = defineOperation({
  name: 'members.list',
  title: 'List members',
  description: 'Lists the people in the tenant with their roles, and the invites still pending.',
  scope: 'tenant',
  permission: ['read', 'Member'],
  effect: 'read',
  input: listMembersInput,
  output: listMembersOutput,
  handler: (ctx) => listMembers(ctx.services, ctx.scope),
});

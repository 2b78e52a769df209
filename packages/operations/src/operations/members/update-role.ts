import { updateMemberRoleInput, updateMemberRoleOutput } from '@facilflow/contracts';
import { updateMemberRole } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const membersUpdateRole = defineOperation({
  name: 'members.updateRole',
  title: 'Change member role',
  description:
    'Changes a member\'s role; it takes effect on their next call. Only an owner grants or removes the owner role, ' +
    'and the last owner cannot be demoted.',
  scope: 'tenant',
  permission: ['update', 'Member'],
  effect: 'write',
  input: updateMemberRoleInput,
  output: updateMemberRoleOutput,
  handler: async (ctx, input) => ({ member: await updateMemberRole(ctx.services, ctx.scope, input) }),
});

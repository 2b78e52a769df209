import { removeMemberInput, removeMemberOutput } from '@facilflow/contracts';
import { planRemoveMember, removeMember } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const membersRemove = defineOperation({
  name: 'members.remove',
  title: 'Remove member',
  description:
    'Removes a person from the tenant; they lose access at once. Destructive: the first call returns a plan and a ' +
    'confirmation token, the second call with the token applies it. The last owner cannot be removed.',
  scope: 'tenant',
  permission: ['delete', 'Member'],
  effect: 'destructive',
  input: removeMemberInput,
  output: removeMemberOutput,
  plan: (ctx, input) => planRemoveMember(ctx.services, ctx.scope, input),
  handler: (ctx, input) => removeMember(ctx.services, ctx.scope, input),
});

import { inviteMemberInput, inviteMemberOutput } from '@facilflow/contracts';
import { inviteMember } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const membersInvite = defineOperation({
  name: 'members.invite',
  title: 'Invite member',
  description:
    'Invites a person by email with a role; they join when they next sign in with that email (invites last 7 days). ' +
    'Only an owner can invite another owner.',
  scope: 'tenant',
  permission: ['create', 'Invite'],
  effect: 'write',
  input: inviteMemberInput,
  output: inviteMemberOutput,
  handler: async (ctx, input) => ({ invite: await inviteMember(ctx.services, ctx.scope, input) }),
});

import { z } from 'zod';
import { humanRoleSchema } from '../identity/roles.ts';
import { inviteSchema, memberSchema } from '../tenancy/tenant.ts';

export const listMembersInput = z.object({});
export const listMembersOutput = z.object({ members: z.array(memberSchema), invites: z.array(inviteSchema) });

export const inviteMemberInput = z.object({
  email: z.email().describe('Email address of the person to invite'),
  role: humanRoleSchema.describe('Role they get on joining'),
});
export const inviteMemberOutput = z.object({ invite: inviteSchema });

export const updateMemberRoleInput = z.object({
  uid: z.string().min(1).describe('The member\'s user id (from members.list)'),
  role: humanRoleSchema,
});
export const updateMemberRoleOutput = z.object({ member: memberSchema });

export const removeMemberInput = z.object({ uid: z.string().min(1).describe('The member\'s user id (from members.list)') });
export const removeMemberOutput = z.object({ removed: z.literal(true) });

import { z } from 'zod';
import { humanRoleSchema, roleSchema } from '../identity/roles.ts';

export const idSchema = z.string().min(1).max(64);

export const tenantSlugSchema = z
  .string()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner dashes');

export const tenantSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(120),
  slug: tenantSlugSchema,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const memberSchema = z.object({
  tenantId: idSchema,
  uid: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  joinedAt: z.iso.datetime(),
});
export type Member = z.infer<typeof memberSchema>;

export const inviteSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  email: z.email(),
  role: humanRoleSchema,
  invitedBy: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked']),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type Invite = z.infer<typeof inviteSchema>;

export const profileSchema = z.object({
  uid: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  activeTenantId: z.string().nullable(),
});
export type Profile = z.infer<typeof profileSchema>;

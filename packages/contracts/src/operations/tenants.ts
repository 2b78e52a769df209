import { z } from 'zod';
import { roleSchema } from '../identity/roles.ts';
import { idSchema, tenantSchema, tenantSlugSchema } from '../tenancy/tenant.ts';

export const tenantWithRoleSchema = z.object({ tenant: tenantSchema, role: roleSchema });

export const createTenantInput = z.object({
  name: z.string().trim().min(1).max(120).describe('Organisation name, e.g. "Acme Foods – Plant 2"'),
  slug: tenantSlugSchema.optional().describe('URL-safe short name; derived from the name when omitted'),
});
export const createTenantOutput = tenantWithRoleSchema;


export const switchTenantInput = z.object({ tenantId: idSchema });
export const switchTenantOutput = tenantWithRoleSchema;

export const listMyTenantsInput = z.object({});
export const listMyTenantsOutput = z.object({ tenants: z.array(tenantWithRoleSchema), activeTenantId: z.string().nullable() });

export const acceptInvitesInput = z.object({});
export const acceptInvitesOutput = z.object({
  joined: z.array(z.object({ tenantId: z.string(), role: roleSchema })),
  activeTenantId: z.string().nullable(),
  /** True when invites could not be accepted because the email address is not verified yet. */
  emailVerificationRequired: z.boolean(),
});

export const approvalSettingsSchema = z.object({
  elicitationApproves: z
    .boolean()
    .describe(
      "Whether a person's answer to their MCP client's elicitation approves a pending request; false: only approvals in the web app or the CLI count",
    ),
});
export type ApprovalSettings = z.infer<typeof approvalSettingsSchema>;
export const updateApprovalSettingsInput = approvalSettingsSchema;

export const getTenantInput = z.object({});
export const getTenantOutput = z.object({
  tenant: tenantSchema,
  role: roleSchema,
  approvalSettings: approvalSettingsSchema.describe('Who approves what a model asked for; changed with tenants.updateApprovalSettings'),
});
export const updateApprovalSettingsOutput = z.object({ settings: approvalSettingsSchema });

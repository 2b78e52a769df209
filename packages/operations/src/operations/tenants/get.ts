import { getTenantInput, getTenantOutput } from '@facilflow/contracts';
import { getApprovalSettings, getTenant } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const tenantsGet = defineOperation({
  name: 'tenants.get',
  title: 'Current tenant',
  description:
    'Returns the caller\'s active tenant (id, name, slug, creation), the caller\'s role in it, and its approval settings ' +
    '(elicitationApproves: whether an answer in an MCP client\'s elicitation prompt approves what a model asked for).',
  scope: 'tenant',
  permission: ['read', 'Tenant'],
  effect: 'read',
  input: getTenantInput,
  output: getTenantOutput,
  handler: async (ctx) => {
    const [tenant, approvalSettings] = await Promise.all([getTenant(ctx.services, ctx.scope), getApprovalSettings(ctx.services, ctx.scope.tenantId)]);
    return { tenant, role: ctx.role, approvalSettings };
  },
});

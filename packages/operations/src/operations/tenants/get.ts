import { getTenantInput, getTenantOutput } from '@facilflow/contracts';
import { getTenant } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const tenantsGet = defineOperation({
  name: 'tenants.get',
  title: 'Current tenant',
  description: 'Returns the caller\'s active tenant (id, name, slug, creation) and the caller\'s role in it.',
  scope: 'tenant',
  permission: ['read', 'Tenant'],
  effect: 'read',
  input: getTenantInput,
  output: getTenantOutput,
  handler: async (ctx) => ({ tenant: await getTenant(ctx.services, ctx.scope), role: ctx.role }),
});

import { listMyTenantsInput, listMyTenantsOutput } from '@facilflow/contracts';
import { listMyTenants } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const tenantsListMine = defineOperation({
  name: 'tenants.listMine',
  title: 'My tenants',
  description: 'Lists every tenant the signed-in person belongs to, with their role there, and which one is active.',
  scope: 'user',
  effect: 'read',
  input: listMyTenantsInput,
  output: listMyTenantsOutput,
  handler: async (ctx) => ({
    tenants: await listMyTenants(ctx.services, ctx.user),
    activeTenantId: ctx.principal.tenantId,
  }),
});

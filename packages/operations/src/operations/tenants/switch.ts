import { switchTenantInput, switchTenantOutput } from '@facilflow/contracts';
import { switchTenant } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const tenantsSwitch = defineOperation({
  name: 'tenants.switch',
  title: 'Switch tenant',
  description:
    'Makes another tenant the caller\'s active one. Only tenants the caller is a member of (see tenants.listMine); ' +
    'any other id answers NOT_FOUND. Refresh the ID token afterwards to carry the new tenant.',
  scope: 'user',
  effect: 'write',
  input: switchTenantInput,
  output: switchTenantOutput,
  handler: (ctx, input) => switchTenant(ctx.services, ctx.user, input.tenantId),
  auditTenantId: (output) => output.tenant.id,
});

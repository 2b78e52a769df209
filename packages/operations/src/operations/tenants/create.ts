import { createTenantInput, createTenantOutput } from '@facilflow/contracts';
import { createTenant } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const tenantsCreate = defineOperation({
  name: 'tenants.create',
  title: 'Create tenant',
  description:
    'Creates a new tenant (a customer organisation) with the caller as its owner and makes it their active tenant. ' +
    'Use when a signed-in person has no tenant yet or starts another organisation. Their next ID token carries the new tenant.',
  scope: 'user',
  effect: 'write',
  input: createTenantInput,
  output: createTenantOutput,
  handler: (ctx, input) => createTenant(ctx.services, ctx.user, input),
  auditTenantId: (output) => output.tenant.id,
});

import { getPolicyInput, getPolicyOutput } from '@facilflow/contracts';
import { getPolicy } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const policiesGet = defineOperation({
  name: 'policies.get',
  title: 'Get policy',
  description: 'One policy of the tenant by id, with its full definition.',
  scope: 'tenant',
  permission: ['read', 'Policy'],
  effect: 'read',
  input: getPolicyInput,
  output: getPolicyOutput,
  handler: async (ctx, input) => ({ policy: await getPolicy(ctx.services, ctx.scope, input.id) }),
});

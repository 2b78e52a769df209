import { listPoliciesInput, listPoliciesOutput } from '@facilflow/contracts';
import { listPolicies } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const policiesList = defineOperation({
  name: 'policies.list',
  title: 'List policies',
  description:
    'Lists the tenant\'s policies by name: effect (ALLOW, DENY, REQUIRE_APPROVAL), what they match (operations, roles, fronts, ' +
    'resource attribute conditions, weekly time window), the approval settings of REQUIRE_APPROVAL and whether each is enabled.',
  scope: 'tenant',
  permission: ['read', 'Policy'],
  effect: 'read',
  input: listPoliciesInput,
  output: listPoliciesOutput,
  handler: async (ctx, input) => ({ policies: await listPolicies(ctx.services, ctx.scope, input) }),
});

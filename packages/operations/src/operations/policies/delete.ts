import { deletePolicyInput, deletePolicyOutput } from '@facilflow/contracts';
import { deletePolicy, planDeletePolicy } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const policiesDelete = defineOperation({
  name: 'policies.delete',
  title: 'Delete policy',
  description:
    'Deletes a policy: calls it matched are no longer refused or held. Its violations stay listed. Destructive: the first ' +
    'call returns a plan and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'Policy'],
  effect: 'destructive',
  input: deletePolicyInput,
  output: deletePolicyOutput,
  plan: (ctx, input) => planDeletePolicy(ctx.services, ctx.scope, input),
  handler: (ctx, input) => deletePolicy(ctx.services, ctx.scope, input),
});

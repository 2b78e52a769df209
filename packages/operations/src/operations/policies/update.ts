import { updatePolicyInput, updatePolicyOutput } from '@facilflow/contracts';
import { updatePolicy } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';
import { assertKnownOperations } from './known-operations.ts';

export const policiesUpdate = defineOperation({
  name: 'policies.update',
  title: 'Update policy',
  description:
    'Replaces a policy\'s whole definition (name, effect, reason, match, approval, enabled); it applies from the next call. ' +
    'Requests it already holds for approval keep the settings they were filed with. Set enabled: false to pause it.',
  scope: 'tenant',
  permission: ['update', 'Policy'],
  effect: 'write',
  input: updatePolicyInput,
  output: updatePolicyOutput,
  handler: async (ctx, input) => {
    assertKnownOperations(ctx, input.policy.match.operations);
    return { policy: await updatePolicy(ctx.services, ctx.scope, input) };
  },
});

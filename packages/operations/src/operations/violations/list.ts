import { listViolationsInput, listViolationsOutput } from '@facilflow/contracts';
import { listViolations } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const violationsList = defineOperation({
  name: 'violations.list',
  title: 'List policy violations',
  description:
    'Every call a DENY or REQUIRE_APPROVAL policy matched, newest first: policy, operation, caller, front, the input\'s digest, ' +
    'outcome (denied, approval_required) and the approval it waits on. Filter by policyId, outcome or operation; page with cursor.',
  scope: 'tenant',
  permission: ['read', 'Violation'],
  effect: 'read',
  input: listViolationsInput,
  output: listViolationsOutput,
  handler: (ctx, input) => listViolations(ctx.services, ctx.scope, input),
});

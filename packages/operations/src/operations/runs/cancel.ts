import { controlRunInput, controlRunOutput } from '@facilflow/contracts';
import { controlRun, planCancelRun } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsCancel = defineOperation({
  name: 'runs.cancel',
  title: 'Cancel run',
  description:
    'Cancels a run: a queued one ends at once; a running one has its running stages aborted (their queries included) ' +
    'and ends cancelled, with the steps it did recorded. Destructive: the first call returns the plan and a ' +
    'confirmation token, the second call with the token cancels. CONFLICT for a run that ended. Example: {"id": "run_…"}.',
  scope: 'tenant',
  permission: ['update', 'PipelineRun'],
  effect: 'destructive',
  input: controlRunInput,
  output: controlRunOutput,
  plan: (ctx, input) => planCancelRun(ctx.services, ctx.scope, input),
  handler: (ctx, input) => controlRun(ctx.services, ctx.scope, input, 'cancel'),
});

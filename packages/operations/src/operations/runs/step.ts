import { controlRunInput, controlRunOutput } from '@facilflow/contracts';
import { controlRun } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsStep = defineOperation({
  name: 'runs.step',
  title: 'Step run',
  description: 'Lets a paused run start exactly one more stage, then pause again: to walk a run stage by stage while reading runs.steps. CONFLICT for a run that ended. The worker holding the run applies it, whichever process it is in. Example: {"id": "run_…"}.',
  scope: 'tenant',
  permission: ['update', 'PipelineRun'],
  effect: 'write',
  input: controlRunInput,
  output: controlRunOutput,
  handler: (ctx, input) => controlRun(ctx.services, ctx.scope, input, 'step'),
});

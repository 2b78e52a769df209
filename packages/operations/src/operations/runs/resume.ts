import { controlRunInput, controlRunOutput } from '@facilflow/contracts';
import { controlRun } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsResume = defineOperation({
  name: 'runs.resume',
  title: 'Resume run',
  description: 'Resumes a paused run (or one stopped at a breakpoint): its remaining stages run on. CONFLICT for a run that ended. The worker holding the run applies it, whichever process it is in. Example: {"id": "run_…"}.',
  scope: 'tenant',
  permission: ['update', 'PipelineRun'],
  effect: 'write',
  input: controlRunInput,
  output: controlRunOutput,
  handler: (ctx, input) => controlRun(ctx.services, ctx.scope, input, 'resume'),
});

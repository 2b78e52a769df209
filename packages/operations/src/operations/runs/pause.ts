import { controlRunInput, controlRunOutput } from '@facilflow/contracts';
import { controlRun } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsPause = defineOperation({
  name: 'runs.pause',
  title: 'Pause run',
  description: 'Pauses a run under way: stages running now finish, no new stage starts until runs.resume or runs.step. CONFLICT for a run that ended. The worker holding the run applies it, whichever process it is in. Example: {"id": "run_…"}.',
  scope: 'tenant',
  permission: ['update', 'PipelineRun'],
  effect: 'write',
  input: controlRunInput,
  output: controlRunOutput,
  handler: (ctx, input) => controlRun(ctx.services, ctx.scope, input, 'pause'),
});

import { getRunInput, getRunOutput } from '@facilflow/contracts';
import { getRun } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const runsGet = defineOperation({
  name: 'runs.get',
  title: 'Pipeline run',
  description:
    'One run: its pipeline and pinned version, status, trigger, range, params, error (with the stage path) and timing, ' +
    'and how many stages stand in each step status (counting each stage\'s latest attempt). Example: {"id": "run_…"}.',
  scope: 'tenant',
  permission: ['read', 'PipelineRun'],
  effect: 'read',
  input: getRunInput,
  output: getRunOutput,
  handler: (ctx, input) => getRun(ctx.services, ctx.scope, input),
});

import { stopPipelineInput, stopPipelineOutput } from '@facilflow/contracts';
import { planStopPipeline, stopPipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesStop = defineOperation({
  name: 'pipelines.stop',
  title: 'Stop pipeline',
  description:
    'Pauses an active pipeline: its triggers stop firing until pipelines.start, so what it computes, writes or sends ' +
    'stops too; runs already under way are not cancelled. A pipeline that is not active stays as it is (changed: false). ' +
    'Destructive: the first call returns a plan and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['update', 'Pipeline'],
  effect: 'destructive',
  input: stopPipelineInput,
  output: stopPipelineOutput,
  plan: (ctx, input) => planStopPipeline(ctx.services, ctx.scope, input),
  handler: (ctx, input) => stopPipeline(ctx.services, ctx.scope, input),
});

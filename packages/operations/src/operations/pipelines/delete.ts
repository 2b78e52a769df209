import { deletePipelineInput, deletePipelineOutput } from '@facilflow/contracts';
import { deletePipeline, planDeletePipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesDelete = defineOperation({
  name: 'pipelines.delete',
  title: 'Delete pipeline',
  description:
    'Archives a pipeline (mode "archive", the default: its triggers stop, it can no longer be edited or run, its versions ' +
    'and runs stay readable, its name is free again) or deletes it for good with every version, run and step (mode ' +
    '"delete"). Destructive: the first call returns a plan (how many versions and runs go) and a confirmation token, ' +
    'the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'Pipeline'],
  effect: 'destructive',
  input: deletePipelineInput,
  output: deletePipelineOutput,
  plan: (ctx, input) => planDeletePipeline(ctx.services, ctx.scope, input),
  handler: (ctx, input) => deletePipeline(ctx.services, ctx.scope, input),
});

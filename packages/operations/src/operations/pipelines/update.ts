import { updatePipelineInput, updatePipelineOutput } from '@facilflow/contracts';
import { updatePipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesUpdate = defineOperation({
  name: 'pipelines.update',
  title: 'Edit pipeline draft',
  description:
    'Replaces the draft spec of a pipeline with the full new spec (its name and description follow the spec). Published ' +
    'versions and the runs pinned to them do not change: publish the draft to make it the next version. Returns the ' +
    'draft\'s problems, each with its JSON path and a hint. CONFLICT for an archived pipeline or a name another pipeline has.',
  scope: 'tenant',
  permission: ['update', 'Pipeline'],
  effect: 'write',
  input: updatePipelineInput,
  output: updatePipelineOutput,
  handler: (ctx, input) => updatePipeline(ctx.services, ctx.scope, input),
});

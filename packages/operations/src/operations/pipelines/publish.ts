import { publishPipelineInput, publishPipelineOutput } from '@facilflow/contracts';
import { publishPipeline, pipelineSinkAttributes } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesPublish = defineOperation({
  name: 'pipelines.publish',
  title: 'Publish pipeline',
  description:
    'Publishes the draft as the next version (1, 2, …), immutable from then on: runs pin the version they run. Refused ' +
    'with INVALID and every problem (details.problems, as pipelines.validate gives them) when the draft does not ' +
    'validate. A draft equal to the latest version makes no new version (published: false). An active pipeline runs ' +
    'the new version from its next trigger. Example: {"id": "pl_…", "note": "window 5 min"}.',
  scope: 'tenant',
  permission: ['update', 'Pipeline'],
  effect: 'write',
  input: publishPipelineInput,
  output: publishPipelineOutput,
  // Publishing makes a version of the draft: policies look at where the draft writes.
  policyAttributes: (ctx, input) => pipelineSinkAttributes(ctx.services, ctx.scope, input.id, 'draft'),
  handler: (ctx, input) => publishPipeline(ctx.services, ctx.scope, input),
});

import { startPipelineInput, startPipelineOutput } from '@facilflow/contracts';
import { startPipeline, pipelineSinkAttributes } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesStart = defineOperation({
  name: 'pipelines.start',
  title: 'Start pipeline',
  description:
    'Makes a published pipeline active: its triggers (cron, stream, webhook) fire from now on and run the latest ' +
    'published version. CONFLICT before the first publish or for an archived pipeline; an active one stays as it is ' +
    '(changed: false). pipelines.stop pauses it.',
  scope: 'tenant',
  permission: ['update', 'Pipeline'],
  effect: 'write',
  input: startPipelineInput,
  output: startPipelineOutput,
  policyAttributes: (ctx, input) => pipelineSinkAttributes(ctx.services, ctx.scope, input.id, 'latest'),
  handler: (ctx, input) => startPipeline(ctx.services, ctx.scope, input),
});

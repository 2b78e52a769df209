import { getPipelineInput, getPipelineOutput } from '@facilflow/contracts';
import { getPipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesGet = defineOperation({
  name: 'pipelines.get',
  title: 'Pipeline',
  description:
    'One pipeline: its draft spec and the draft\'s validation problems (empty when it can be published), every published ' +
    'version (newest first) and the spec of the latest version, or of the version given. Example: {"id": "pl_…", "version": 2}.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: getPipelineInput,
  output: getPipelineOutput,
  handler: (ctx, input) => getPipeline(ctx.services, ctx.scope, input),
});

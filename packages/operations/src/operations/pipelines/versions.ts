import { pipelineVersionsInput, pipelineVersionsOutput } from '@facilflow/contracts';
import { listPipelineVersions } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesVersions = defineOperation({
  name: 'pipelines.versions',
  title: 'Pipeline versions',
  description:
    'Every published version of a pipeline, newest first: number, note, who published it and when, and for a rollback ' +
    'the version it copies. pipelines.get with a version shows its spec; pipelines.diff compares two.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: pipelineVersionsInput,
  output: pipelineVersionsOutput,
  handler: (ctx, input) => listPipelineVersions(ctx.services, ctx.scope, input),
});

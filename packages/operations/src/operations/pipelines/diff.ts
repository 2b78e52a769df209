import { diffPipelineInput, diffPipelineOutput } from '@facilflow/contracts';
import { diffPipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesDiff = defineOperation({
  name: 'pipelines.diff',
  title: 'Compare pipeline versions',
  description:
    'Compares two versions of a pipeline, or a version and the draft (by default: what the draft changes since the ' +
    'latest version). Stage by stage, matched by id: stages added, removed, and for each changed stage its changes ' +
    '(added, removed, changed) at JSON paths such as ["with", "window", "size"], with the values before and after; then ' +
    'the changes to name, params and triggers. Example: {"id": "pl_…", "from": 1, "to": 3}.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: diffPipelineInput,
  output: diffPipelineOutput,
  handler: (ctx, input) => diffPipeline(ctx.services, ctx.scope, input),
});

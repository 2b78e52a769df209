import { diffPipelineInput, diffPipelineOutput } from '@facilflow/contracts';
import { diffPipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesDiff = defineOperation({
  name: 'pipelines.diff',
  title: 'Compare pipeline versions',
  description:
    'Compares two versions of a pipeline, or a version and the draft (default: the draft against the latest version): stages added, ' +
    'removed and changed, matched by id, each change at its JSON path (e.g. ["with", "window", "size"]) with before and after; then ' +
    'name, params and triggers. Example: {"id": "pl_…", "from": 1, "to": 3}.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: diffPipelineInput,
  output: diffPipelineOutput,
  handler: (ctx, input) => diffPipeline(ctx.services, ctx.scope, input),
});

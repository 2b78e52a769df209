import { rollbackPipelineInput, rollbackPipelineOutput } from '@facilflow/contracts';
import { rollbackPipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesRollback = defineOperation({
  name: 'pipelines.rollback',
  title: 'Roll back pipeline',
  description:
    'Publishes a copy of an older version as the next version (rolling back 5 to 3 makes version 6 equal to 3), so ' +
    'history only grows and every run keeps the version it pinned. The draft becomes that spec too. CONFLICT when the ' +
    'version asked for is already the latest. Example: {"id": "pl_…", "version": 3}.',
  scope: 'tenant',
  permission: ['update', 'Pipeline'],
  effect: 'write',
  input: rollbackPipelineInput,
  output: rollbackPipelineOutput,
  handler: (ctx, input) => rollbackPipeline(ctx.services, ctx.scope, input),
});

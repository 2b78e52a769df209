import { listPipelinesInput, listPipelinesOutput } from '@facilflow/contracts';
import { listPipelines } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesList = defineOperation({
  name: 'pipelines.list',
  title: 'List pipelines',
  description:
    'Lists the pipelines of the tenant, most recently changed first: id, name, description, status (draft: never started; ' +
    'active: its triggers fire; paused; archived) and latest published version. Archived pipelines are left out unless ' +
    'status "archived" is asked for. Page with nextCursor. Use pipelines.get for one pipeline\'s spec and versions.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: listPipelinesInput,
  output: listPipelinesOutput,
  handler: (ctx, input) => listPipelines(ctx.services, ctx.scope, input),
});

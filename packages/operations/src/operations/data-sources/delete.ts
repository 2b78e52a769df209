import { deleteDataSourceInput, deleteDataSourceOutput } from '@facilflow/contracts';
import { deleteDataSource, planDeleteDataSource } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const dataSourcesDelete = defineOperation({
  name: 'dataSources.delete',
  title: 'Delete data source',
  description:
    'Stops collecting a data source\'s tags (stored data stays). Destructive: the first call returns a plan and a ' +
    'confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'DataSource'],
  effect: 'destructive',
  input: deleteDataSourceInput,
  output: deleteDataSourceOutput,
  plan: (ctx, input) => planDeleteDataSource(ctx.services, ctx.scope, input),
  handler: (ctx, input) => deleteDataSource(ctx.services, ctx.scope, input),
});

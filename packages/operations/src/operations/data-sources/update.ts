import { updateDataSourceInput, updateDataSourceOutput } from '@facilflow/contracts';
import { updateDataSource } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const dataSourcesUpdate = defineOperation({
  name: 'dataSources.update',
  title: 'Change data source',
  description: 'Replaces a data source\'s endpoint settings and subscribed tags; a password left out keeps the stored one.',
  scope: 'tenant',
  permission: ['update', 'DataSource'],
  effect: 'write',
  input: updateDataSourceInput,
  output: updateDataSourceOutput,
  handler: async (ctx, input) => ({ dataSource: await updateDataSource(ctx.services, ctx.scope, input) }),
});

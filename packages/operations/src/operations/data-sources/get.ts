import { getDataSourceInput, getDataSourceOutput } from '@facilflow/contracts';
import { getDataSource } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const dataSourcesGet = defineOperation({
  name: 'dataSources.get',
  title: 'Data source details',
  description: 'One data source: endpoint, security settings (never the password), publishing interval and subscribed tags.',
  scope: 'tenant',
  permission: ['read', 'DataSource'],
  effect: 'read',
  input: getDataSourceInput,
  output: getDataSourceOutput,
  handler: async (ctx, input) => ({ dataSource: await getDataSource(ctx.services, ctx.scope, input.id) }),
});

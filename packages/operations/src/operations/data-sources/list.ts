import { listDataSourcesInput, listDataSourcesOutput } from '@facilflow/contracts';
import { listDataSources } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const dataSourcesList = defineOperation({
  name: 'dataSources.list',
  title: 'List data sources',
  description: 'Lists the OPC UA endpoints agents read, with their subscribed tags and where each tag\'s values land (measurement, field, tags).',
  scope: 'tenant',
  permission: ['read', 'DataSource'],
  effect: 'read',
  input: listDataSourcesInput,
  output: listDataSourcesOutput,
  handler: async (ctx, input) => ({ dataSources: await listDataSources(ctx.services, ctx.scope, input) }),
});

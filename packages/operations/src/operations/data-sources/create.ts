import { createDataSourceInput, createDataSourceOutput } from '@facilflow/contracts';
import { createDataSource } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const dataSourcesCreate = defineOperation({
  name: 'dataSources.create',
  title: 'Add data source',
  description:
    'Adds an OPC UA endpoint to an agent with the tags to subscribe (nodeId → measurement, field, tags; sampling interval; ' +
    'optional deadband). The agent receives it in its next configuration. Use agents.command browse to find node ids.',
  scope: 'tenant',
  permission: ['create', 'DataSource'],
  effect: 'write',
  input: createDataSourceInput,
  output: createDataSourceOutput,
  handler: async (ctx, input) => ({ dataSource: await createDataSource(ctx.services, ctx.scope, input) }),
});

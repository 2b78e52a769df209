import { listComponentsInput, listComponentsOutput } from '@facilflow/contracts';
import { listComponents } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const componentsList = defineOperation({
  name: 'components.list',
  title: 'List pipeline components',
  description:
    'The components a pipeline stage can use, by name (what goes in a stage\'s `use`): sources, transforms, control ' +
    'flow and sinks, each with a title, a description, the modes it runs in (batch, stream) and what it reads and ' +
    'writes. Filter by category. components.get gives one component\'s configuration schema and examples.',
  scope: 'tenant',
  permission: ['read', 'Component'],
  effect: 'read',
  input: listComponentsInput,
  output: listComponentsOutput,
  handler: async (ctx, input) => listComponents(ctx.services, input),
});

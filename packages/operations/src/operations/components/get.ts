import { getComponentInput, getComponentOutput } from '@facilflow/contracts';
import { getComponent } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const componentsGet = defineOperation({
  name: 'components.get',
  title: 'Pipeline component',
  description:
    'One component: its description, modes and ports, examples of its configuration, and the JSON Schema of the `with` ' +
    'a stage using it takes, to write or fix a spec. NOT_FOUND for an unknown name (components.list names them all). ' +
    'Example: {"name": "transform.window-aggregate"}.',
  scope: 'tenant',
  permission: ['read', 'Component'],
  effect: 'read',
  input: getComponentInput,
  output: getComponentOutput,
  handler: async (ctx, input) => getComponent(ctx.services, input),
});

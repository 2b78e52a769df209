import { instantiateTemplateInput, instantiateTemplateOutput } from '@facilflow/contracts';
import { instantiateTemplate } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const templatesInstantiate = defineOperation({
  name: 'templates.instantiate',
  title: 'Create pipeline from template',
  description:
    'Creates a draft pipeline from a template (templates.list), its params filled in from `params` or their defaults, ' +
    'under the name given. The spec it makes is validated first: INVALID with every problem, and nothing created, when ' +
    'a param is unknown, of the wrong type or makes a spec that does not validate. Publish the draft with ' +
    'pipelines.publish and start it with pipelines.start. Example: {"template": "window-average-threshold", ' +
    '"name": "Oven 1-minute average", "params": {"threshold": 230}}.',
  scope: 'tenant',
  permission: ['create', 'Pipeline'],
  effect: 'write',
  input: instantiateTemplateInput,
  output: instantiateTemplateOutput,
  handler: (ctx, input) => instantiateTemplate(ctx.services, ctx.scope, input),
});

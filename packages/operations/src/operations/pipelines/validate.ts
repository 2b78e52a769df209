import { validatePipelineInput, validatePipelineOutput } from '@facilflow/contracts';
import { validatePipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesValidate = defineOperation({
  name: 'pipelines.validate',
  title: 'Validate pipeline',
  description:
    'Checks a pipeline\'s draft ({"id": "pl_…"}) or a spec not saved yet ({"spec": {…}}) and returns every problem at ' +
    'once: unknown component (with the closest name), bad stage config, duplicate stage, cycle, missing input or port, ' +
    'type mismatch between stages, trigger incompatible with a stage, each with its JSON path (e.g. ["stages", 2, "with", ' +
    '"window"]) and a hint, so the spec can be fixed in one round. valid is true when it can be published.',
  scope: 'tenant',
  permission: ['read', 'Pipeline'],
  effect: 'read',
  input: validatePipelineInput,
  output: validatePipelineOutput,
  handler: (ctx, input) => validatePipeline(ctx.services, ctx.scope, input),
});

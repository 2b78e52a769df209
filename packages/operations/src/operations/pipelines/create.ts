import { createPipelineInput, createPipelineOutput } from '@facilflow/contracts';
import { createPipeline } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const pipelinesCreate = defineOperation({
  name: 'pipelines.create',
  title: 'Create pipeline',
  description:
    'Saves a new pipeline as a draft from a spec: a DAG of stages, each using a component (components.list) configured by ' +
    '`with` and reading the stages named in `needs`, plus triggers and params. The draft is saved even when it does not ' +
    'validate yet; the answer lists every problem with its JSON path and a hint, to fix with pipelines.update before ' +
    'pipelines.publish. Names are unique in the tenant (CONFLICT otherwise). Example: {"spec": {"name": "Oven 1-minute ' +
    'average", "triggers": [{"type": "cron", "expression": "* * * * *"}], "stages": [{"id": "read", "use": ' +
    '"source.timeseries-query", "with": {…}}, {"id": "avg", "use": "transform.window-aggregate", "with": {…}, "needs": ["read"]}]}}.',
  scope: 'tenant',
  permission: ['create', 'Pipeline'],
  effect: 'write',
  input: createPipelineInput,
  output: createPipelineOutput,
  handler: (ctx, input) => createPipeline(ctx.services, ctx.scope, input),
});

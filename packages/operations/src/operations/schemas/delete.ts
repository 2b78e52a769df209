import { deleteSchemaInput, deleteSchemaOutput } from '@facilflow/contracts';
import { deleteMeasurementSchema, planDeleteMeasurementSchema } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schemasDelete = defineOperation({
  name: 'schemas.delete',
  title: 'Delete measurement schema',
  description:
    'Deletes every version of a measurement schema: its new points are then refused as unknown measurement (dead letters) ' +
    'until a schema is registered again, which starts at version 1 and may differ freely. Stored data stays. Destructive: the ' +
    'first call returns a plan and a confirmation token, the second call with the token applies it.',
  scope: 'tenant',
  permission: ['delete', 'Schema'],
  effect: 'destructive',
  input: deleteSchemaInput,
  output: deleteSchemaOutput,
  plan: (ctx, input) => planDeleteMeasurementSchema(ctx.services, ctx.scope, input),
  handler: (ctx, input) => deleteMeasurementSchema(ctx.services, ctx.scope, input),
});

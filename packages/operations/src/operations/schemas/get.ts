import { getSchemaInput, getSchemaOutput } from '@facilflow/contracts';
import { getMeasurementSchema } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schemasGet = defineOperation({
  name: 'schemas.get',
  title: 'Measurement schema',
  description: 'One measurement\'s schema: the latest version, or the version asked for, and the list of its versions.',
  scope: 'tenant',
  permission: ['read', 'Schema'],
  effect: 'read',
  input: getSchemaInput,
  output: getSchemaOutput,
  handler: (ctx, input) => getMeasurementSchema(ctx.services, ctx.scope, input),
});

import { createSchemaInput, createSchemaOutput } from '@facilflow/contracts';
import { createMeasurementSchema } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schemasCreate = defineOperation({
  name: 'schemas.create',
  title: 'Register measurement schema',
  description:
    'Registers a measurement (version 1) so ingest accepts its points: fields with type (number, boolean, string), optional ' +
    'unit, plausible min/max (values outside are stored and flagged by data quality, not refused) and required (only for ' +
    'fields every point carries: points are sparse), plus tags every point must carry. Points with an undeclared field, a ' +
    'field of another type or a missing required field or tag are refused into dead letters. CONFLICT if it exists: use schemas.update.',
  scope: 'tenant',
  permission: ['create', 'Schema'],
  effect: 'write',
  input: createSchemaInput,
  output: createSchemaOutput,
  handler: async (ctx, input) => ({ schema: await createMeasurementSchema(ctx.services, ctx.scope, input) }),
});

import { updateSchemaInput, updateSchemaOutput } from '@facilflow/contracts';
import { updateMeasurementSchema } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schemasUpdate = defineOperation({
  name: 'schemas.update',
  title: 'Change measurement schema',
  description:
    'Makes a new version of a measurement schema from the full new definition. It must be backward compatible: data valid ' +
    'under the latest version stays valid and keeps its meaning. Allowed: add optional fields, make fields optional, drop ' +
    'required tags, change descriptions and ranges, give a unit to a field without one. Refused with CONFLICT (listing every ' +
    'problem): removing a field, changing a field\'s type or unit, adding a required field or tag, making a field required. ' +
    'Pass expectedVersion to refuse if someone else changed it first. Dead letters refused by the old version can then be replayed.',
  scope: 'tenant',
  permission: ['update', 'Schema'],
  effect: 'write',
  input: updateSchemaInput,
  output: updateSchemaOutput,
  handler: (ctx, input) => updateMeasurementSchema(ctx.services, ctx.scope, input),
});

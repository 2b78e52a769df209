import { listSchemasInput, listSchemasOutput } from '@facilflow/contracts';
import { listMeasurementSchemas } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schemasList = defineOperation({
  name: 'schemas.list',
  title: 'List measurement schemas',
  description:
    'Lists the measurement schemas ingest checks telemetry against: for each measurement its latest version, fields (type, ' +
    'unit, plausible range, required or not) and required tags. Points of a measurement without a schema are refused into dead letters.',
  scope: 'tenant',
  permission: ['read', 'Schema'],
  effect: 'read',
  input: listSchemasInput,
  output: listSchemasOutput,
  handler: async (ctx) => ({ schemas: await listMeasurementSchemas(ctx.services, ctx.scope) }),
});

import { exploreCatalogInput, exploreCatalogOutput } from '@facilflow/contracts';
import { exploreCatalog } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const telemetryExploreCatalog = defineOperation({
  name: 'telemetry.exploreCatalog',
  title: 'Explore data catalog',
  description:
    'What the tenant has stored: each measurement with its tags (distinct value counts), fields (type, unit from the schema ' +
    'registry), first and last time and point count, plus the asset hierarchy (enterprise → site → area → line → machine). ' +
    'Start here before writing a telemetry.query.',
  scope: 'tenant',
  permission: ['read', 'Telemetry'],
  effect: 'read',
  input: exploreCatalogInput,
  output: exploreCatalogOutput,
  handler: (ctx, input) => exploreCatalog(ctx.services, ctx.scope, input, ctx.signal),
});

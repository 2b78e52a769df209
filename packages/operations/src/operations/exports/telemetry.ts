import { telemetryExportInput, telemetryExportOutput } from '@facilflow/contracts';
import { exportTelemetry } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const exportsTelemetry = defineOperation({
  name: 'exports.telemetry',
  title: 'Export telemetry',
  description:
    'Runs one read-only SELECT (as telemetry.query) and writes the rows as CSV (header row) or JSON Lines to a file in the tenant\'s ' +
    'object storage (`key`), answered inline too (`content`), bounded by maxRows and maxBytes. Fields your role may not see ' +
    '(classified) are left out of SELECT * and refused when named, as in telemetry.query.',
  scope: 'tenant',
  permission: ['execute', 'Telemetry'],
  effect: 'write',
  input: telemetryExportInput,
  output: telemetryExportOutput,
  handler: (ctx, input) => exportTelemetry(ctx.services, ctx.scope, input, ctx.signal),
});

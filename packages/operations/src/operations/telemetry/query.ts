import { telemetryQueryInput, telemetryQueryOutput } from '@facilflow/contracts';
import { queryTelemetry, sqlEstimatedRows } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const telemetryQuery = defineOperation({
  name: 'telemetry.query',
  title: 'Query telemetry (SQL)',
  description:
    'Runs one read-only SQL SELECT over the tenant\'s measurements: each is a table with `time`, tag columns (site, line, machine, ...) ' +
    'and field columns. Embedded: DuckDB SQL (time_bucket(INTERVAL \'1 minute\', time)); InfluxDB 3: DataFusion SQL (date_bin). ' +
    'Anything but a SELECT is refused. Stops at maxRows, the byte budget (truncated, truncatedReason \'rows\' or \'bytes\': aggregate ' +
    'or select fewer columns) and timeoutMs; a tenant runs a few queries at once.',
  scope: 'tenant',
  permission: ['execute', 'Telemetry'],
  effect: 'read',
  input: telemetryQueryInput,
  output: telemetryQueryOutput,
  policyAttributes: async (_ctx, input) => sqlEstimatedRows(input),
  handler: async (ctx, input) => {
    const result = await queryTelemetry(ctx.services, ctx.scope, input, ctx.signal);
    ctx.progress({ progress: 1, total: 1, message: `${result.rowCount} rows${result.truncated ? ` (truncated: ${result.truncatedReason})` : ''}` });
    return result;
  },
});

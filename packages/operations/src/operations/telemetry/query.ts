import { telemetryQueryInput, telemetryQueryOutput } from '@facilflow/contracts';
import { queryTelemetry } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const telemetryQuery = defineOperation({
  name: 'telemetry.query',
  title: 'Query telemetry (SQL)',
  description:
    'Runs one read-only SQL SELECT over the tenant\'s own measurements and returns columns and rows. Each measurement is a ' +
    'table with `time`, tag columns (enterprise, site, area, line, machine, ...) and field columns. The embedded store speaks ' +
    'DuckDB SQL (time_bucket(INTERVAL \'1 minute\', time)); InfluxDB 3 speaks DataFusion SQL (date_bin). DDL, DML, settings, ' +
    'files, other databases, extensions and the network are refused. Results stop at maxRows or at the server\'s byte budget ' +
    '(truncated=true with truncatedReason \'rows\' or \'bytes\': aggregate, or select fewer columns) and at timeoutMs; ' +
    'a tenant runs a few queries at once and more are refused until one finishes.',
  scope: 'tenant',
  permission: ['execute', 'Telemetry'],
  effect: 'read',
  input: telemetryQueryInput,
  output: telemetryQueryOutput,
  handler: (ctx, input) => queryTelemetry(ctx.services, ctx.scope, input, ctx.signal),
});

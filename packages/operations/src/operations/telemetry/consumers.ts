import { telemetryConsumersInput, telemetryConsumersOutput } from '@facilflow/contracts';
import { listTelemetryConsumers } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const telemetryConsumers = defineOperation({
  name: 'telemetry.consumers',
  title: 'Telemetry consumers',
  description:
    'Each consumer of the written telemetry (data quality, lineage…) and how far it is behind on this tenant\'s data: batches not yet processed, seconds behind the newest, batches skipped. Use it to tell whether quality issues and lineage are current.',
  scope: 'tenant',
  permission: ['read', 'Telemetry'],
  effect: 'read',
  input: telemetryConsumersInput,
  output: telemetryConsumersOutput,
  handler: (ctx) => listTelemetryConsumers(ctx.services, ctx.scope),
});

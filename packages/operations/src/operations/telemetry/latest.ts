import { latestInput, latestOutput } from '@facilflow/contracts';
import { latestTelemetry } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const telemetryLatest = defineOperation({
  name: 'telemetry.latest',
  title: 'Latest values',
  description: 'The last value of every field of every series (measurement + tags), optionally for one measurement and tag equalities such as { machine: "Oven2" }. Fields your role may not see (classified) are left out and listed in `withheld`.',
  scope: 'tenant',
  permission: ['read', 'Telemetry'],
  effect: 'read',
  input: latestInput,
  output: latestOutput,
  handler: (ctx, input) => latestTelemetry(ctx.services, ctx.scope, input, ctx.signal),
});

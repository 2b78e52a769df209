import { setRetentionInput, setRetentionOutput } from '@facilflow/contracts';
import { planRetention, setRetention } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const governanceSetRetention = defineOperation({
  name: 'governance.setRetention',
  title: 'Set telemetry retention',
  description:
    'Sets how many days telemetry is kept: `defaultDays` for every measurement without its own period (null keeps forever) and ' +
    '`measurements` [{ measurement, days }] (days null removes its own period). A shorter period deletes data at the next sweep, ' +
    'so the call asks for confirmation (and, from a model, approval). Admins and owners. Returns the retention.',
  scope: 'tenant',
  permission: ['update', 'Governance'],
  effect: 'destructive',
  input: setRetentionInput,
  output: setRetentionOutput,
  plan: (ctx, input) => planRetention(ctx.services, ctx.scope, input),
  handler: async (ctx, input) => ({ retention: await setRetention(ctx.services, ctx.scope, input) }),
});

import { getRetentionInput, getRetentionOutput } from '@facilflow/contracts';
import { getRetention } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const governanceGetRetention = defineOperation({
  name: 'governance.getRetention',
  title: 'Telemetry retention',
  description:
    'How long the tenant keeps its telemetry: the default period in days (null keeps forever) and each measurement\'s own, ' +
    'and whether the store enforces it (`sweep`: an hourly sweep deletes older rows; `not-enforced`: InfluxDB 3 Core cannot).',
  scope: 'tenant',
  permission: ['read', 'Governance'],
  effect: 'read',
  input: getRetentionInput,
  output: getRetentionOutput,
  handler: async (ctx) => ({ retention: await getRetention(ctx.services, ctx.scope) }),
});

import { listSchedulesInput, listSchedulesOutput } from '@facilflow/contracts';
import { listSchedules } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schedulesList = defineOperation({
  name: 'schedules.list',
  title: 'List cron schedules',
  description:
    "The cron schedules of the tenant's active pipelines, one per cron trigger of the published version they run: the " +
    'expression and the time zone it is read in, the misfire policy, whether it is paused, when it last fired and its next ' +
    '5 fire times (ISO 8601, UTC; empty while paused). Optionally of one pipeline: {"pipelineId": "pl_…"}.',
  scope: 'tenant',
  permission: ['read', 'Schedule'],
  effect: 'read',
  input: listSchedulesInput,
  output: listSchedulesOutput,
  handler: (ctx, input) => listSchedules(ctx.services, ctx.scope, input),
});

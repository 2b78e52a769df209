import { getScheduleInput, getScheduleOutput } from '@facilflow/contracts';
import { getSchedule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schedulesGet = defineOperation({
  name: 'schedules.get',
  title: 'Cron schedule',
  description:
    'One cron schedule: its pipeline and version, expression, time zone, misfire policy, pause, last firing and next 5 fire ' +
    'times. NOT_FOUND when its pipeline is not active or the trigger is gone. Example: {"id": "t_….pl_….0"} (schedules.list).',
  scope: 'tenant',
  permission: ['read', 'Schedule'],
  effect: 'read',
  input: getScheduleInput,
  output: getScheduleOutput,
  handler: (ctx, input) => getSchedule(ctx.services, ctx.scope, input),
});

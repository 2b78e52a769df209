import { pauseScheduleInput, pauseScheduleOutput } from '@facilflow/contracts';
import { pauseSchedule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schedulesPause = defineOperation({
  name: 'schedules.pause',
  title: 'Pause schedule',
  description:
    "Stops one cron schedule firing until schedules.resume; the pipeline's other triggers and runs under way go on. " +
    'A paused schedule stays paused across restarts. Pausing one already paused changes nothing (changed: false). ' +
    'Example: {"id": "t_….pl_….0"}.',
  scope: 'tenant',
  permission: ['update', 'Schedule'],
  effect: 'write',
  input: pauseScheduleInput,
  output: pauseScheduleOutput,
  handler: (ctx, input) => pauseSchedule(ctx.services, ctx.scope, input),
});

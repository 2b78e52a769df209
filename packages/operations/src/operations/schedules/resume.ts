import { resumeScheduleInput, resumeScheduleOutput } from '@facilflow/contracts';
import { resumeSchedule } from '@facilflow/core';
import { defineOperation } from '../../define-operation.ts';

export const schedulesResume = defineOperation({
  name: 'schedules.resume',
  title: 'Resume schedule',
  description:
    "Lets a paused cron schedule fire again. The firings it missed while paused follow the trigger's misfire policy: " +
    'skip runs none, once runs one covering the whole gap, all runs each (the newest maxCatchUp). Resuming one that is ' +
    'not paused changes nothing (changed: false). Example: {"id": "t_….pl_….0"}.',
  scope: 'tenant',
  permission: ['update', 'Schedule'],
  effect: 'write',
  input: resumeScheduleInput,
  output: resumeScheduleOutput,
  handler: (ctx, input) => resumeSchedule(ctx.services, ctx.scope, input),
});

import { z } from 'zod';
import { cronTriggerSchema } from '../pipeline-spec.ts';
import { pipelineIdSchema } from './pipeline-record.ts';

/** How many upcoming firings a schedule shows. */
export const NEXT_FIRE_TIMES = 5;

export const scheduleIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.\d{1,3}$/, 'a schedule id as schedules.list returns it')
  .describe('Schedule id (schedules.list): <tenant>.<pipeline>.<index of the cron trigger in the spec>');

/** One cron trigger of an active pipeline's published version, as the scheduler fires it. */
export const scheduleRecordSchema = z.object({
  id: scheduleIdSchema,
  pipelineId: z.string(),
  pipelineName: z.string(),
  version: z.number().int().min(1).describe('The published version its firings run'),
  expression: cronTriggerSchema.shape.expression,
  timezone: z.string().describe('IANA time zone the expression is read in, e.g. "Europe/Berlin"'),
  misfire: z.object({ policy: z.enum(['skip', 'once', 'all']), maxCatchUp: z.number().int() }).describe('What becomes of firings missed while no scheduler ran or while paused'),
  paused: z.boolean(),
  pausedAt: z.iso.datetime({ offset: true }).nullable(),
  pausedBy: z.string().nullable(),
  lastFiredAt: z.iso.datetime({ offset: true }).nullable().describe('The latest firing that started a run'),
  nextFireTimes: z.array(z.iso.datetime({ offset: true })).describe(`The next ${NEXT_FIRE_TIMES} firings, oldest first; empty while paused`),
});
export type ScheduleRecord = z.infer<typeof scheduleRecordSchema>;

export const listSchedulesInput = z.object({ pipelineId: pipelineIdSchema.optional().describe('Only the schedules of this pipeline') });
export const listSchedulesOutput = z.object({ items: z.array(scheduleRecordSchema) });

export const getScheduleInput = z.object({ id: scheduleIdSchema });
export const getScheduleOutput = z.object({ schedule: scheduleRecordSchema });

export const pauseScheduleInput = z.object({ id: scheduleIdSchema });
export const pauseScheduleOutput = z.object({ schedule: scheduleRecordSchema, changed: z.boolean().describe('False when it was paused already') });

export const resumeScheduleInput = z.object({ id: scheduleIdSchema });
export const resumeScheduleOutput = z.object({ schedule: scheduleRecordSchema, changed: z.boolean().describe('False when it was not paused') });

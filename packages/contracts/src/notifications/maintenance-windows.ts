import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';
import { alertMatcherSchema } from './policies.ts';
import { WEEKDAYS } from '../policies/policy.ts';

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone, e.g. Europe/Berlin');

export const maintenanceScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('once'), startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }),
  z.object({
    kind: z.literal('weekly'),
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
    /** Local wall-clock start in `timeZone`, HH:MM. */
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    durationMinutes: z.number().int().min(1).max(10_080),
    timeZone,
  }),
]);
export type MaintenanceSchedule = z.infer<typeof maintenanceScheduleSchema>;

export const maintenanceWindowSchema = z.object({
  id: idSchema,
  name: z.string(),
  matcher: alertMatcherSchema,
  schedule: maintenanceScheduleSchema,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});
export type MaintenanceWindow = z.infer<typeof maintenanceWindowSchema>;

export const listMaintenanceWindowsInput = z.object({});
export const listMaintenanceWindowsOutput = z.object({ maintenanceWindows: z.array(maintenanceWindowSchema) });

export const createMaintenanceWindowInput = z.object({
  name: z.string().trim().min(1).max(100),
  matcher: alertMatcherSchema.default({}),
  schedule: maintenanceScheduleSchema,
});
export const createMaintenanceWindowOutput = z.object({ maintenanceWindow: maintenanceWindowSchema });

export const deleteMaintenanceWindowInput = z.object({ id: idSchema.describe('Maintenance window id') });
export const deleteMaintenanceWindowOutput = z.object({ deleted: z.boolean() });

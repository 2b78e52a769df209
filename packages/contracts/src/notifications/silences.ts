import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';
import { alertMatcherSchema } from './policies.ts';

export const silenceSchema = z.object({
  id: idSchema,
  matcher: alertMatcherSchema,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.iso.datetime(),
  /** active: muting now; pending: starts later; expired: ended (or expired by hand). */
  state: z.enum(['active', 'pending', 'expired']),
});
export type Silence = z.infer<typeof silenceSchema>;

export const listSilencesInput = z.object({ includeExpired: z.boolean().default(false) });
export const listSilencesOutput = z.object({ silences: z.array(silenceSchema) });

export const createSilenceInput = z.object({
  matcher: alertMatcherSchema,
  startsAt: z.iso.datetime({ offset: true }).optional().describe('Default now'),
  endsAt: z.iso.datetime({ offset: true }),
  comment: z.string().trim().min(1).max(1000).describe('Why (e.g. the work order)'),
});
export const createSilenceOutput = z.object({ silence: silenceSchema });

export const expireSilenceInput = z.object({ id: idSchema.describe('Silence id') });
export const expireSilenceOutput = z.object({ silence: silenceSchema });

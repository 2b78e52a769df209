import { z } from 'zod';
import { frontSchema } from '../identity/actor.ts';
import { errorCodeSchema } from '../errors/error-codes.ts';

export const effectSchema = z.enum(['read', 'write', 'destructive']);
export type Effect = z.infer<typeof effectSchema>;

export const auditOutcomeSchema = z.enum(['ok', 'error']);

export const auditRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  at: z.iso.datetime(),
  actorType: z.enum(['user', 'apiKey', 'system']),
  actorId: z.string(),
  actorLabel: z.string().nullable(),
  front: frontSchema,
  operation: z.string(),
  effect: effectSchema,
  input: z.unknown(),
  outcome: auditOutcomeSchema,
  errorCode: errorCodeSchema.nullable(),
  durationMs: z.number().int().nonnegative(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

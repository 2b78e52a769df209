import { z } from 'zod';
import { frontSchema } from '../identity/actor.ts';
import { errorCodeSchema } from '../errors/error-codes.ts';
import { policyMarkSchema } from '../policies/policy.ts';

export const effectSchema = z.enum(['read', 'write', 'destructive']);
export type Effect = z.infer<typeof effectSchema>;

/**
 * `pending`: recorded before a write's effect and not completed since, i.e. the process
 * stopped (or the completion failed) between the two; the write may or may not have happened.
 */
export const auditOutcomeSchema = z.enum(['pending', 'ok', 'error']);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

export const auditRecordSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  at: z.iso.datetime(),
  actorType: z.enum(['user', 'apiKey', 'system']),
  actorId: z.string(),
  actorLabel: z.string().nullable(),
  front: frontSchema,
  /** The Jarvis conversation or MCP session the call came from; null for the other fronts. */
  conversationId: z.string().nullable(),
  operation: z.string(),
  effect: effectSchema,
  /** A redacted summary of the input, bounded in depth, breadth and size. */
  input: z.unknown(),
  /** `sha256:<hex>` of the full input's canonical JSON; null on records older than the digest. */
  inputDigest: z.string().nullable(),
  /** True when the summary left something out to stay within its bounds. */
  inputTruncated: z.boolean(),
  outcome: auditOutcomeSchema,
  errorCode: errorCodeSchema.nullable(),
  durationMs: z.number().int().nonnegative(),
  /** The policy that decided the call (DENY, REQUIRE_APPROVAL or a matching ALLOW); null when none matched. */
  policy: policyMarkSchema.nullable(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

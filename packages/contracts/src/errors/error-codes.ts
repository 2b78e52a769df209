import { z } from 'zod';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'FORBIDDEN',
  'INVALID',
  'CONFLICT',
  'NEEDS_CONFIRMATION',
  // A model asked for a destructive call: a person decides it (details: plan, approvalId, approvalUrl).
  'PENDING_APPROVAL',
  // Too many refused attempts from one address or at one credential, or too many calls with one API key: details say when to try again.
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** What a front shows for a NEEDS_CONFIRMATION answer: the plan and the token to send back. */
export const confirmationRequestSchema = z.object({
  plan: z.string(),
  confirmationToken: z.string(),
  expiresAt: z.iso.datetime(),
});
export type ConfirmationRequest = z.infer<typeof confirmationRequestSchema>;

import { z } from 'zod';
import { frontSchema } from '../identity/actor.ts';
import { idSchema } from '../tenancy/tenant.ts';
import { policyEffectSchema } from './policy.ts';

/** `denied`: a DENY policy refused the call. `approval_required`: a REQUIRE_APPROVAL policy held it for its approvers. */
export const violationOutcomeSchema = z.enum(['denied', 'approval_required']);
export type ViolationOutcome = z.infer<typeof violationOutcomeSchema>;

export const violationSchema = z.object({
  id: z.string(),
  tenantId: idSchema,
  at: z.iso.datetime(),
  policyId: idSchema,
  policyName: z.string(),
  effect: policyEffectSchema,
  operation: z.string(),
  actorId: z.string(),
  actorLabel: z.string().nullable(),
  front: frontSchema,
  /** `sha256:<hex>` of the call's canonical JSON input: which call, without keeping what it said. */
  inputDigest: z.string(),
  outcome: violationOutcomeSchema,
  /** The pending approval the call waits on, for approval_required. */
  approvalId: z.string().nullable(),
});
export type Violation = z.infer<typeof violationSchema>;

import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';
import { policyDefinitionSchema, policyEffectSchema, policySchema } from './policy.ts';
import { violationOutcomeSchema, violationSchema } from './violation.ts';

export const listPoliciesInput = z.object({
  effect: policyEffectSchema.optional().describe('Only policies with this effect'),
});
export const listPoliciesOutput = z.object({ policies: z.array(policySchema) });

export const getPolicyInput = z.object({ id: idSchema.describe('Policy id (from policies.list)') });
export const getPolicyOutput = z.object({ policy: policySchema });

export const createPolicyInput = policyDefinitionSchema;
export const createPolicyOutput = z.object({ policy: policySchema });

export const updatePolicyInput = z.object({
  id: idSchema.describe('Policy id'),
  policy: policyDefinitionSchema.describe('The whole new definition (it replaces the old one)'),
});
export const updatePolicyOutput = z.object({ policy: policySchema });

export const deletePolicyInput = z.object({ id: idSchema.describe('Policy id') });
export const deletePolicyOutput = z.object({ deleted: z.literal(true), id: idSchema });

export const listViolationsInput = z.object({
  policyId: idSchema.optional().describe('Only this policy\'s violations'),
  outcome: violationOutcomeSchema.optional(),
  operation: z.string().max(128).optional().describe('Only calls of this operation'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  limit: z.number().int().min(1).max(200).default(50).describe('At most this many, newest first'),
});
export const listViolationsOutput = z.object({ violations: z.array(violationSchema), nextCursor: z.string().nullable() });

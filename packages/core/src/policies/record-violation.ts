import type { Front, PolicyMark, ViolationOutcome } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newSortableId } from '../ids.ts';
import type { Services } from '../services.ts';

export interface NewViolation {
  tenantId: string;
  policy: PolicyMark;
  operation: string;
  actorId: string;
  actorLabel: string | null;
  front: Front;
  inputDigest: string;
  outcome: ViolationOutcome;
  approvalId: string | null;
}

/** Appends one violation: a DENY or REQUIRE_APPROVAL policy matched a call. */
export async function recordViolation(services: Services, violation: NewViolation): Promise<string> {
  const at = services.now();
  const id = newSortableId(at);
  await services.db.withTenant(violation.tenantId, (tx) =>
    tx.insert(schema.policyViolations).values({
      id,
      tenantId: violation.tenantId,
      at,
      policyId: violation.policy.id,
      policyName: violation.policy.name,
      effect: violation.policy.effect,
      operation: violation.operation,
      actorId: violation.actorId,
      actorLabel: violation.actorLabel,
      front: violation.front,
      inputDigest: violation.inputDigest,
      outcome: violation.outcome,
      approvalId: violation.approvalId,
    }),
  );
  return id;
}

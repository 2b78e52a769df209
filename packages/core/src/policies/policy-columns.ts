import { policyApprovalSchema, type PolicyDefinition } from '@facilflow/contracts';

/** A definition as stored: a REQUIRE_APPROVAL policy always keeps its approval settings, with their defaults. */
export function policyColumns(definition: PolicyDefinition) {
  return {
    name: definition.name,
    effect: definition.effect,
    reason: definition.reason ?? null,
    match: definition.match,
    approval: definition.effect === 'REQUIRE_APPROVAL' ? policyApprovalSchema.parse(definition.approval ?? {}) : null,
    enabled: definition.enabled,
  };
}

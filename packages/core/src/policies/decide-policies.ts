import type { Policy, PolicyEffect } from '@facilflow/contracts';

const PRECEDENCE: Record<PolicyEffect, number> = { DENY: 0, REQUIRE_APPROVAL: 1, ALLOW: 2 };

function strictness(policy: Policy): number {
  return policy.approval?.approvers ?? 0;
}

/**
 * The one policy that decides a call among those that match: DENY beats REQUIRE_APPROVAL beats
 * ALLOW; among REQUIRE_APPROVAL ones the one needing most approvers; then the first by name.
 * Null when none matches.
 */
export function decidingPolicy(matching: readonly Policy[]): Policy | null {
  const ordered = [...matching].sort(
    (a, b) => PRECEDENCE[a.effect] - PRECEDENCE[b.effect] || strictness(b) - strictness(a) || a.name.localeCompare(b.name),
  );
  return ordered[0] ?? null;
}

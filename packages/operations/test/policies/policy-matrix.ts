import type { Role } from '@facilflow/contracts';
import { LAB_MEASUREMENT, PRODUCTION_MEASUREMENT } from './policy-fixtures.ts';

/**
 * A few representative policies, the way a tenant writes them: one per effect and attribute
 * kind, plus an ALLOW that overlaps a REQUIRE_APPROVAL (the stricter effect must win).
 */
export const MATRIX_POLICIES = [
  {
    name: 'Operators do not command production lines',
    effect: 'DENY',
    reason: 'Production lines are commanded by engineers',
    match: { operations: ['agents.command'], roles: ['operator'], conditions: [{ attribute: 'agent.lineState', operator: 'equals', value: 'production' }] },
  },
  {
    name: 'Production publishes need an admin',
    effect: 'REQUIRE_APPROVAL',
    match: { operations: ['pipelines.publish'], conditions: [{ attribute: 'pipeline.sinkMeasurementLabels', operator: 'includes', value: 'production' }] },
    approval: { approvers: 1, approverRole: 'admin' },
  },
  {
    name: 'Large telemetry reads need an admin',
    effect: 'REQUIRE_APPROVAL',
    match: { operations: ['telemetry.query'], conditions: [{ attribute: 'sql.estimatedRows', operator: 'atLeast', value: 5000 }] },
  },
  { name: 'Pipeline work is marked', effect: 'ALLOW', match: { operations: ['pipelines.*'] } },
] as const;

/** Which resource a case's call acts on: one the attribute condition holds for, and one it does not. */
export type Variant = 'production' | 'other';

/**
 * `DENIED`: refused by the policy (FORBIDDEN naming it); `PENDING_APPROVAL`: held for its
 * approvers; otherwise the outcome the call has without any policy. Only for roles the role
 * matrix allows: every other role is FORBIDDEN by its rights before any policy is read.
 */
export type PolicyOutcome = 'ok' | 'DENIED' | 'PENDING_APPROVAL' | 'CONFLICT';

/** The policy that decides each allowed case, by name, or null when no DENY or REQUIRE_APPROVAL does. */
export interface PolicyCase {
  outcome: PolicyOutcome;
  policy: string | null;
}

/** Written out by hand, not derived from the policies, so a change to either side shows up here. */
export const POLICY_MATRIX: Record<string, Record<Variant, (role: Role) => PolicyCase>> = {
  'pipelines.publish': {
    production: () => ({ outcome: 'PENDING_APPROVAL', policy: 'Production publishes need an admin' }),
    // The ALLOW matches and is named by the audit, but changes nothing.
    other: () => ({ outcome: 'ok', policy: 'Pipeline work is marked' }),
  },
  'agents.command': {
    // The matrix's agents never connect: past the rights and the policies, a command finds nobody (CONFLICT).
    production: (role) => (role === 'operator' ? { outcome: 'DENIED', policy: 'Operators do not command production lines' } : { outcome: 'CONFLICT', policy: null }),
    other: () => ({ outcome: 'CONFLICT', policy: null }),
  },
  'telemetry.query': {
    production: () => ({ outcome: 'PENDING_APPROVAL', policy: 'Large telemetry reads need an admin' }),
    other: () => ({ outcome: 'ok', policy: null }),
  },
};

/** The measurement each variant's resource writes to or reads from. */
export const VARIANT_MEASUREMENT: Record<Variant, string> = { production: PRODUCTION_MEASUREMENT, other: LAB_MEASUREMENT };

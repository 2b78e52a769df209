import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

/**
 * A tenant's rule over its own calls: which operations, roles, fronts, resource attributes and
 * weekly window it matches, and whether a match is allowed, denied or held for approvers.
 */
export const policies = pgTable(
  'policies',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    effect: text('effect').notNull(),
    reason: text('reason'),
    /** operations, roles, fronts, conditions, timeWindow (validated by the contracts' policyMatchSchema). */
    match: jsonb('match').notNull(),
    /** approvers, approverRole, expiresInMinutes for REQUIRE_APPROVAL; null otherwise. */
    approval: jsonb('approval'),
    enabled: boolean('enabled').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex('policies_tenant_name_unique').on(t.tenantId, t.name)],
);

/**
 * Every call a DENY or REQUIRE_APPROVAL policy matched: append-only, with the input's digest
 * rather than the input, so the list says which call without holding what it carried.
 */
export const policyViolations = pgTable(
  'policy_violations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    /** Kept when the policy is deleted later: the record stays what happened. */
    policyId: text('policy_id').notNull(),
    policyName: text('policy_name').notNull(),
    effect: text('effect').notNull(),
    operation: text('operation').notNull(),
    actorId: text('actor_id').notNull(),
    actorLabel: text('actor_label'),
    front: text('front').notNull(),
    inputDigest: text('input_digest').notNull(),
    /** denied, approval_required. */
    outcome: text('outcome').notNull(),
    approvalId: text('approval_id'),
  },
  (t) => [index('policy_violations_tenant_at_idx').on(t.tenantId, t.at, t.id), index('policy_violations_tenant_policy_idx').on(t.tenantId, t.policyId)],
);

import { policyApprovalSchema, policyMatchSchema, type Policy, type PolicyEffect } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type PolicyRow = typeof schema.policies.$inferSelect;

/** Rows are written by this module from validated definitions; they are read back through the same schemas. */
export function toPolicy(row: PolicyRow): Policy {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    effect: row.effect as PolicyEffect,
    reason: row.reason,
    match: policyMatchSchema.parse(row.match),
    approval: row.approval === null ? null : policyApprovalSchema.parse(row.approval),
    enabled: row.enabled,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

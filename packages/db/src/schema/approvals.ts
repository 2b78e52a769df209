import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

/**
 * A call a model-facing front asked for and only a person may let happen: bound to the
 * operation, the digest of its exact input, the tenant and the caller, until it expires.
 * Once approved, the stored input is what is applied, exactly once. A pipeline gate's request
 * names its run and stage instead: approving it lets that run go on past the gate.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    operation: text('operation').notNull(),
    /** `sha256:<hex>` of the input's canonical JSON. */
    inputDigest: text('input_digest').notNull(),
    input: jsonb('input').notNull(),
    plan: text('plan').notNull(),
    requesterActorId: text('requester_actor_id').notNull(),
    requesterLabel: text('requester_label'),
    /** The API key that asked, when a key did. */
    requesterKeyId: text('requester_key_id'),
    requesterFront: text('requester_front').notNull(),
    requesterConversationId: text('requester_conversation_id'),
    /** pending, approved (being applied), applied, failed, rejected, expired. */
    status: text('status').notNull(),
    decidedBy: text('decided_by'),
    decidedVia: text('decided_via'),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, precision: 3 }),
    /** The applied call's output, or its error's code and message. */
    result: jsonb('result'),
    /** A pipeline gate's request: the run and stage it holds (null for a call's approval). */
    runId: text('run_id'),
    stageId: text('stage_id'),
    /** The REQUIRE_APPROVAL policy that asked for this approval (id, name, effect); null when the operation's effect did. */
    policy: jsonb('policy'),
    /** Distinct approvers needed before the call is applied. */
    requiredApprovals: integer('required_approvals').notNull().default(1),
    /** The least role an approver holds (a policy's); null: anyone whose role may run the operation. */
    approverRole: text('approver_role'),
    /** The yeses counted so far: [{ actorId, label, via, at }]. */
    approvers: jsonb('approvers').notNull().default([]),
  },
  (t) => [
    index('approvals_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    uniqueIndex('approvals_pending_call_unique')
      .on(t.tenantId, t.operation, t.inputDigest, t.requesterActorId)
      .where(sql`status = 'pending'`),
    uniqueIndex('approvals_pending_gate_unique')
      .on(t.tenantId, t.runId, t.stageId)
      .where(sql`status = 'pending' AND run_id IS NOT NULL`),
    index('approvals_gate_idx').on(t.tenantId, t.runId, t.stageId, t.createdAt).where(sql`run_id IS NOT NULL`),
  ],
);

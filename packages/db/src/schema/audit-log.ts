import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only: the application role may insert and select, and may complete a `pending`
 * record exactly once (outcome, error_code, duration_ms; enforced by grant and trigger).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id').notNull(),
    actorLabel: text('actor_label'),
    front: text('front').notNull(),
    /** The Jarvis conversation or MCP session the call came from, when it came from one. */
    conversationId: text('conversation_id'),
    operation: text('operation').notNull(),
    effect: text('effect').notNull(),
    /** A redacted summary bounded in depth, breadth and size, never the raw input. */
    input: jsonb('input'),
    /** `sha256:<hex>` of the full input's canonical JSON (or of a marker when it was not serializable). */
    inputDigest: text('input_digest'),
    /** True when `input` had to leave something out to stay within its bounds. */
    inputTruncated: boolean('input_truncated').notNull().default(false),
    outcome: text('outcome').notNull(),
    errorCode: text('error_code'),
    durationMs: integer('duration_ms').notNull(),
    /** The policy that decided the call ({ id, name, effect }), written with the record; null when none matched. */
    policy: jsonb('policy'),
  },
  (t) => [
    index('audit_log_tenant_at_idx').on(t.tenantId, t.at, t.id),
    index('audit_log_tenant_actor_idx').on(t.tenantId, t.actorId),
    index('audit_log_tenant_operation_idx').on(t.tenantId, t.operation),
  ],
);

import { bigint, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy.ts';

/**
 * One row per model request Jarvis made: who asked, in which conversation, and the tokens the
 * Messages API reported. Kept when the conversation is deleted (the spending happened), so the
 * conversation id is not a foreign key.
 */
export const jarvisUsage = pgTable(
  'jarvis_usage',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    conversationId: text('conversation_id').notNull(),
    /** The actor id whose turn it was (`user:<uid>`, `apiKey:<id>`). */
    userId: text('user_id').notNull(),
    model: text('model').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cacheReadTokens: integer('cache_read_tokens').notNull(),
    cacheWriteTokens: integer('cache_write_tokens').notNull(),
    /** Billionths of a US dollar, exact for prices with up to three decimals per million tokens; null for an unpriced model. */
    costNanoUsd: bigint('cost_nano_usd', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index('jarvis_usage_tenant_at_idx').on(t.tenantId, t.at),
    index('jarvis_usage_tenant_conversation_idx').on(t.tenantId, t.conversationId, t.at),
    index('jarvis_usage_tenant_user_idx').on(t.tenantId, t.userId, t.at),
  ],
);

/** A tenant's monthly limits for Jarvis; no row is no limit. */
export const jarvisBudgets = pgTable('jarvis_budgets', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.tenantId, { onDelete: 'cascade' }),
  monthlyTokenLimit: bigint('monthly_token_limit', { mode: 'number' }),
  monthlyCostLimitNanoUsd: bigint('monthly_cost_limit_nano_usd', { mode: 'number' }),
  warnRatio: doublePrecision('warn_ratio').notNull().default(0.8),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * The budget warnings sent: one per tenant, month, kind and limit, so concurrent turns warn
 * once, and a raised limit (a new budget) warns again when it in turn is nearly used.
 */
export const jarvisBudgetWarnings = pgTable(
  'jarvis_budget_warnings',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.tenantId, { onDelete: 'cascade' }),
    /** YYYY-MM in UTC. */
    month: text('month').notNull(),
    kind: text('kind').notNull(),
    /** The limit warned about (tokens, or nano-USD); 0 for an unpriced model. */
    limitValue: bigint('limit_value', { mode: 'number' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.month, t.kind, t.limitValue] })],
);

import { z } from 'zod';
import { conversationIdSchema } from './conversation.ts';

/** A calendar month in UTC: every usage figure and budget is counted from its first instant to the next month's. */
export const usageMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month reads YYYY-MM (UTC), e.g. 2026-03');

const tokenCount = z.number().int().nonnegative();

/** Tokens of model requests, as the Messages API reports them, and what they cost. */
export const usageTotalsSchema = z.object({
  requests: tokenCount,
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  cacheReadTokens: tokenCount,
  cacheWriteTokens: tokenCount,
  /** Input + output + cache read + cache write: what a token budget counts. */
  tokens: tokenCount,
  /** US dollars of the requests whose model has a price; requests of an unpriced model add nothing. */
  costUsd: z.number().nonnegative(),
  /** Requests of a model without a price: when not 0, costUsd is below the real cost. */
  unpricedRequests: tokenCount,
});
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

/** One model request Jarvis made. */
export const usageRecordSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  conversationId: z.string(),
  /** The actor id whose turn it was: `user:<uid>` or `apiKey:<id>`. */
  userId: z.string(),
  model: z.string(),
  inputTokens: tokenCount,
  outputTokens: tokenCount,
  cacheReadTokens: tokenCount,
  cacheWriteTokens: tokenCount,
  tokens: tokenCount,
  /** Null when the model has no price in the table. */
  costUsd: z.number().nonnegative().nullable(),
});
export type UsageRecord = z.infer<typeof usageRecordSchema>;

export const DEFAULT_BUDGET_WARN_RATIO = 0.8;

/** A tenant's monthly limits for Jarvis; null is no limit. */
export const budgetSchema = z.object({
  monthlyTokenLimit: z.number().int().positive().nullable(),
  monthlyCostLimitUsd: z.number().positive().nullable(),
  /** The share of a limit at which Jarvis warns, once a month per limit. */
  warnRatio: z.number().gt(0).lt(1),
  updatedAt: z.iso.datetime().nullable(),
  updatedBy: z.string().nullable(),
});
export type Budget = z.infer<typeof budgetSchema>;

/** The tenant's month so far against its budget. */
export const budgetStatusSchema = z.object({
  budget: budgetSchema,
  usedTokens: tokenCount,
  usedCostUsd: z.number().nonnegative(),
  /** Null without a limit. */
  tokensPercentUsed: z.number().nonnegative().nullable(),
  costPercentUsed: z.number().nonnegative().nullable(),
  /** A limit is reached: Jarvis makes no model request until next month or a higher limit. */
  exhausted: z.boolean(),
});
export type BudgetStatus = z.infer<typeof budgetStatusSchema>;

const userTotalsSchema = usageTotalsSchema.extend({ userId: z.string() });
const conversationTotalsSchema = usageTotalsSchema.extend({ conversationId: z.string(), userId: z.string() });

const breakdownLimit = z.number().int().min(1).max(200).default(50).describe('Most users and conversations listed, most tokens first');

export const getUsageInput = z.object({
  month: usageMonthSchema.optional().describe('Default: the current month (UTC)'),
  limit: breakdownLimit,
});
export const getUsageOutput = z.object({
  month: usageMonthSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** `tenant`: everyone's usage; `own`: the caller's only (a viewer sees their own). The budget is the tenant's either way. */
  scope: z.enum(['tenant', 'own']),
  totals: usageTotalsSchema,
  byUser: z.array(userTotalsSchema),
  byConversation: z.array(conversationTotalsSchema),
  budget: budgetStatusSchema,
});

export const listUsageInput = z.object({
  conversationId: conversationIdSchema.optional().describe('Only this conversation'),
  userId: z.string().min(1).max(200).optional().describe('Only this actor, e.g. "user:<uid>" or "apiKey:<id>"'),
  month: usageMonthSchema.optional().describe('Only this month (UTC), YYYY-MM; default every month'),
  cursor: z.string().optional().describe('nextCursor from the previous page'),
  limit: z.number().int().min(1).max(200).default(50),
});
export const listUsageOutput = z.object({ items: z.array(usageRecordSchema), nextCursor: z.string().nullable() });

export const getBudgetInput = z.object({});
export const getBudgetOutput = z.object({ budget: budgetSchema });

export const setBudgetInput = z.object({
  monthlyTokenLimit: z.number().int().positive().max(1e12).nullable().describe('Tokens per month (input + output + cache); null for no limit'),
  monthlyCostLimitUsd: z.number().positive().max(1e7).nullable().describe('US dollars per month; null for no limit'),
  warnRatio: z.number().min(0.05).max(0.99).default(DEFAULT_BUDGET_WARN_RATIO).describe('Share of a limit at which Jarvis warns, default 0.8'),
});
export const setBudgetOutput = z.object({ budget: budgetSchema });

/** Why Jarvis warns about its budget: a limit nearly used, or a cost limit it cannot check because the model has no price. */
export const budgetWarningKindSchema = z.enum(['tokens', 'cost', 'unpriced_model']);
export type BudgetWarningKind = z.infer<typeof budgetWarningKindSchema>;

export const budgetWarningSchema = z.object({
  kind: budgetWarningKindSchema,
  month: usageMonthSchema,
  /** Null for unpriced_model. */
  percentUsed: z.number().nonnegative().nullable(),
  message: z.string(),
});
export type BudgetWarning = z.infer<typeof budgetWarningSchema>;

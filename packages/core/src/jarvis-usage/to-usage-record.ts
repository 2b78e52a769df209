import type { UsageRecord } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';
import { nanoUsdToUsd, tokensOf } from './usage-cost.ts';

export type UsageRow = typeof schema.jarvisUsage.$inferSelect;

export function toUsageRecord(row: UsageRow): UsageRecord {
  return {
    id: row.id,
    at: row.at.toISOString(),
    conversationId: row.conversationId,
    userId: row.userId,
    model: row.model,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheReadTokens: row.cacheReadTokens,
    cacheWriteTokens: row.cacheWriteTokens,
    tokens: tokensOf(row),
    costUsd: row.costNanoUsd === null ? null : nanoUsdToUsd(row.costNanoUsd),
  };
}

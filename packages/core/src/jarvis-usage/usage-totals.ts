import type { UsageTotals } from '@facilflow/contracts';
import { schema, sql, type AnyColumn } from '@facilflow/db';
import { nanoUsdToUsd } from './usage-cost.ts';

const u = schema.jarvisUsage;

const summed = (column: AnyColumn) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/** Every token of the rows, for a token budget and for ordering the breakdowns. */
export const tokensSum = sql<number>`coalesce(sum(${u.inputTokens} + ${u.outputTokens} + ${u.cacheReadTokens} + ${u.cacheWriteTokens}), 0)`.mapWith(Number);

/** The aggregate columns a usage query selects, summed over whatever it groups. */
export const totalsSelection = {
  requests: sql<number>`count(*)`.mapWith(Number),
  inputTokens: summed(u.inputTokens),
  outputTokens: summed(u.outputTokens),
  cacheReadTokens: summed(u.cacheReadTokens),
  cacheWriteTokens: summed(u.cacheWriteTokens),
  tokens: tokensSum,
  costNanoUsd: summed(u.costNanoUsd),
  unpricedRequests: sql<number>`count(*) filter (where ${u.costNanoUsd} is null)`.mapWith(Number),
};

export interface TotalsRow {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  tokens: number;
  costNanoUsd: number;
  unpricedRequests: number;
}

export const EMPTY_TOTALS: TotalsRow = { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, tokens: 0, costNanoUsd: 0, unpricedRequests: 0 };

export function toUsageTotals(row: TotalsRow): UsageTotals {
  const { costNanoUsd, ...counts } = row;
  return { ...counts, costUsd: nanoUsdToUsd(costNanoUsd) };
}

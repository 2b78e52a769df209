import type { BudgetStatus } from '@facilflow/contracts';
import { and, eq, gte, lt, schema, type Tx } from '@facilflow/db';
import { readJarvisBudget, type StoredBudget } from './jarvis-budget.ts';
import { nanoUsdToUsd } from './usage-cost.ts';
import { usageMonthRange } from './usage-month.ts';
import { EMPTY_TOTALS, totalsSelection, type TotalsRow } from './usage-totals.ts';

const u = schema.jarvisUsage;

/** The tenant's totals for a month: everyone's requests, as a budget counts them. */
export async function tenantMonthTotals(tx: Tx, tenantId: string, month: string): Promise<TotalsRow> {
  const { from, to } = usageMonthRange(month);
  const [row] = await tx
    .select(totalsSelection)
    .from(u)
    .where(and(eq(u.tenantId, tenantId), gte(u.at, from), lt(u.at, to)));
  return row ?? EMPTY_TOTALS;
}

const percent = (used: number, limit: number | null) => (limit === null ? null : Math.round((used / limit) * 10_000) / 100);

export interface MeasuredBudget {
  stored: StoredBudget;
  used: TotalsRow;
  status: BudgetStatus;
}

/** The tenant's budget against its month so far. A limit is used up once usage reaches it. */
export async function measureJarvisBudget(tx: Tx, tenantId: string, month: string): Promise<MeasuredBudget> {
  const stored = await readJarvisBudget(tx, tenantId);
  const used = await tenantMonthTotals(tx, tenantId, month);
  const tokensOver = stored.tokenLimit !== null && used.tokens >= stored.tokenLimit;
  const costOver = stored.costLimitNanoUsd !== null && used.costNanoUsd >= stored.costLimitNanoUsd;
  return {
    stored,
    used,
    status: {
      budget: stored.budget,
      usedTokens: used.tokens,
      usedCostUsd: nanoUsdToUsd(used.costNanoUsd),
      tokensPercentUsed: percent(used.tokens, stored.tokenLimit),
      costPercentUsed: percent(used.costNanoUsd, stored.costLimitNanoUsd),
      exhausted: tokensOver || costOver,
    },
  };
}

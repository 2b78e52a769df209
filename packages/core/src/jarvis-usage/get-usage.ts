import { actorId, type BudgetStatus, type TenantScope, type UsageTotals } from '@facilflow/contracts';
import { and, eq, gte, lt, schema, sql, type SQL } from '@facilflow/db';
import type { Services } from '../services.ts';
import { measureJarvisBudget } from './budget-status.ts';
import { usageMonthOf, usageMonthRange } from './usage-month.ts';
import { EMPTY_TOTALS, toUsageTotals, tokensSum, totalsSelection } from './usage-totals.ts';

const u = schema.jarvisUsage;

export interface JarvisUsageReport {
  month: string;
  from: string;
  to: string;
  scope: 'tenant' | 'own';
  totals: UsageTotals;
  byUser: Array<UsageTotals & { userId: string }>;
  byConversation: Array<UsageTotals & { conversationId: string; userId: string }>;
  budget: BudgetStatus;
}

/**
 * A month's usage (default: the current one, UTC), by user and by conversation, most tokens
 * first, with the tenant's budget. `ownOnly` narrows the usage to the caller's own turns;
 * the budget is the tenant's, counted over everyone, either way.
 */
export async function getJarvisUsage(
  services: Services,
  scope: TenantScope,
  input: { month?: string | undefined; limit: number; ownOnly: boolean },
): Promise<JarvisUsageReport> {
  const month = input.month ?? usageMonthOf(services.now());
  const { from, to } = usageMonthRange(month);
  const where: SQL | undefined = and(eq(u.tenantId, scope.tenantId), gte(u.at, from), lt(u.at, to), input.ownOnly ? eq(u.userId, actorId(scope.actor)) : undefined);
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const [totals] = await tx.select(totalsSelection).from(u).where(where);
    const byUser = await tx
      .select({ userId: u.userId, ...totalsSelection })
      .from(u)
      .where(where)
      .groupBy(u.userId)
      .orderBy(sql`${tokensSum} desc`, u.userId)
      .limit(input.limit);
    const byConversation = await tx
      .select({ conversationId: u.conversationId, userId: u.userId, ...totalsSelection })
      .from(u)
      .where(where)
      .groupBy(u.conversationId, u.userId)
      .orderBy(sql`${tokensSum} desc`, u.conversationId)
      .limit(input.limit);
    const { status } = await measureJarvisBudget(tx, scope.tenantId, month);
    return {
      month,
      from: from.toISOString(),
      to: to.toISOString(),
      scope: input.ownOnly ? 'own' : 'tenant',
      totals: toUsageTotals(totals ?? EMPTY_TOTALS),
      byUser: byUser.map(({ userId, ...row }) => ({ userId, ...toUsageTotals(row) })),
      byConversation: byConversation.map(({ conversationId, userId, ...row }) => ({ conversationId, userId, ...toUsageTotals(row) })),
      budget: status,
    };
  });
}

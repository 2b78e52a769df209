import { actorId, DEFAULT_BUDGET_WARN_RATIO, type Budget, type TenantScope } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { nanoUsdToUsd, usdToNanoUsd } from './usage-cost.ts';

type BudgetRow = typeof schema.jarvisBudgets.$inferSelect;

/** The limits as stored, in the units the checks compare: tokens and nano-dollars. */
export interface StoredBudget {
  tokenLimit: number | null;
  costLimitNanoUsd: number | null;
  warnRatio: number;
  budget: Budget;
}

const NO_BUDGET: StoredBudget = {
  tokenLimit: null,
  costLimitNanoUsd: null,
  warnRatio: DEFAULT_BUDGET_WARN_RATIO,
  budget: { monthlyTokenLimit: null, monthlyCostLimitUsd: null, warnRatio: DEFAULT_BUDGET_WARN_RATIO, updatedAt: null, updatedBy: null },
};

function toStored(row: BudgetRow | undefined): StoredBudget {
  if (!row) return NO_BUDGET;
  return {
    tokenLimit: row.monthlyTokenLimit,
    costLimitNanoUsd: row.monthlyCostLimitNanoUsd,
    warnRatio: row.warnRatio,
    budget: {
      monthlyTokenLimit: row.monthlyTokenLimit,
      monthlyCostLimitUsd: row.monthlyCostLimitNanoUsd === null ? null : nanoUsdToUsd(row.monthlyCostLimitNanoUsd),
      warnRatio: row.warnRatio,
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: row.updatedBy,
    },
  };
}

export async function readJarvisBudget(tx: Tx, tenantId: string): Promise<StoredBudget> {
  const [row] = await tx.select().from(schema.jarvisBudgets).where(eq(schema.jarvisBudgets.tenantId, tenantId)).limit(1);
  return toStored(row);
}

/** The tenant's Jarvis budget; without one set, no limit and the default warn ratio. */
export async function getJarvisBudget(services: Services, scope: TenantScope): Promise<Budget> {
  return (await services.db.withTenant(scope.tenantId, (tx) => readJarvisBudget(tx, scope.tenantId))).budget;
}

export interface SetJarvisBudgetInput {
  monthlyTokenLimit: number | null;
  monthlyCostLimitUsd: number | null;
  warnRatio: number;
}

/** Replaces the tenant's limits; null removes one. Takes effect on the next model request. */
export async function setJarvisBudget(services: Services, scope: TenantScope, input: SetJarvisBudgetInput): Promise<Budget> {
  const values = {
    monthlyTokenLimit: input.monthlyTokenLimit,
    monthlyCostLimitNanoUsd: input.monthlyCostLimitUsd === null ? null : Math.max(1, usdToNanoUsd(input.monthlyCostLimitUsd)),
    warnRatio: input.warnRatio,
    updatedAt: services.now(),
    updatedBy: actorId(scope.actor),
  };
  const [row] = await services.db.withTenant(scope.tenantId, (tx) =>
    tx
      .insert(schema.jarvisBudgets)
      .values({ tenantId: scope.tenantId, ...values })
      .onConflictDoUpdate({ target: schema.jarvisBudgets.tenantId, set: values })
      .returning(),
  );
  return toStored(row).budget;
}

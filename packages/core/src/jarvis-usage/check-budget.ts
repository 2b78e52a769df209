import { actorId, priceOfModel, type BudgetStatus, type BudgetWarning, type BudgetWarningKind, type TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { appendAuditRecord } from '../audit/append-audit-record.ts';
import type { Services } from '../services.ts';
import { measureJarvisBudget, type MeasuredBudget } from './budget-status.ts';
import { nanoUsdToUsd } from './usage-cost.ts';
import { usageMonthOf, usageMonthRange } from './usage-month.ts';

export interface BudgetCheck {
  month: string;
  status: BudgetStatus;
  /** The refusal when a limit is used up: no model request may be made. */
  exhausted: { message: string; details: Record<string, unknown> } | null;
  /** Warnings this check is the first to send this month (each limit warns once). */
  warnings: BudgetWarning[];
}

export const BUDGET_WARNING_OPERATION = 'jarvis.budgetWarning';

const tokensText = (n: number) => `${n.toLocaleString('en-US')} tokens`;
const usdText = (usd: number) => `$${usd.toFixed(usd < 1 ? 4 : 2)}`;

function exhaustion(measured: MeasuredBudget, month: string): BudgetCheck['exhausted'] {
  const { stored, used } = measured;
  const parts: string[] = [];
  if (stored.tokenLimit !== null && used.tokens >= stored.tokenLimit) parts.push(`${tokensText(used.tokens)} of ${tokensText(stored.tokenLimit)}`);
  if (stored.costLimitNanoUsd !== null && used.costNanoUsd >= stored.costLimitNanoUsd) {
    parts.push(`${usdText(nanoUsdToUsd(used.costNanoUsd))} of ${usdText(nanoUsdToUsd(stored.costLimitNanoUsd))}`);
  }
  if (parts.length === 0) return null;
  const renews = usageMonthRange(month).to;
  return {
    message: `Jarvis's monthly budget for this tenant is used up (${parts.join(', ')}); an admin can raise it in budgets.set. It renews on ${renews.toISOString().slice(0, 10)} (UTC).`,
    details: { month, renewsAt: renews.toISOString(), budget: measured.status },
  };
}

interface WarningCandidate {
  kind: BudgetWarningKind;
  limitValue: number;
  percentUsed: number | null;
  message: string;
}

function candidates(measured: MeasuredBudget, model: string): WarningCandidate[] {
  const { stored, used, status } = measured;
  const found: WarningCandidate[] = [];
  const ratioText = `${Math.round(stored.warnRatio * 100)}%`;
  if (stored.tokenLimit !== null && used.tokens >= stored.warnRatio * stored.tokenLimit && used.tokens < stored.tokenLimit) {
    found.push({
      kind: 'tokens',
      limitValue: stored.tokenLimit,
      percentUsed: status.tokensPercentUsed,
      message: `Jarvis has used ${status.tokensPercentUsed}% of this tenant's monthly token budget (${tokensText(used.tokens)} of ${tokensText(stored.tokenLimit)}, warning at ${ratioText}).`,
    });
  }
  if (stored.costLimitNanoUsd !== null && used.costNanoUsd >= stored.warnRatio * stored.costLimitNanoUsd && used.costNanoUsd < stored.costLimitNanoUsd) {
    found.push({
      kind: 'cost',
      limitValue: stored.costLimitNanoUsd,
      percentUsed: status.costPercentUsed,
      message: `Jarvis has used ${status.costPercentUsed}% of this tenant's monthly cost budget (${usdText(status.usedCostUsd)} of ${usdText(nanoUsdToUsd(stored.costLimitNanoUsd))}, warning at ${ratioText}).`,
    });
  }
  if (stored.costLimitNanoUsd !== null && priceOfModel(model) === null) {
    found.push({
      kind: 'unpriced_model',
      limitValue: stored.costLimitNanoUsd,
      percentUsed: null,
      message: `The model ${model} has no price in FacilFlow's table: its tokens are counted, its cost is not, so the monthly cost budget cannot be enforced (the token budget still is).`,
    });
  }
  return found;
}

/** Claims a warning for the month; true only for the one caller that inserted it, so concurrent turns warn once. */
async function claimWarning(services: Services, tenantId: string, month: string, candidate: WarningCandidate): Promise<boolean> {
  const claimed = await services.db.withTenant(tenantId, (tx) =>
    tx
      .insert(schema.jarvisBudgetWarnings)
      .values({ tenantId, month, kind: candidate.kind, limitValue: candidate.limitValue, sentAt: services.now() })
      .onConflictDoNothing()
      .returning(),
  );
  return claimed.length > 0;
}

/**
 * What Jarvis asks before each model request: whether the tenant's budget for the month (UTC)
 * still allows one, and which warnings are due. A warning sent is recorded (once per month,
 * kind and limit) and audited as `jarvis.budgetWarning`, attributed to the person whose turn it was.
 */
export async function checkJarvisBudget(services: Services, scope: TenantScope, request: { model: string; conversationId: string }): Promise<BudgetCheck> {
  const month = usageMonthOf(services.now());
  const measured = await services.db.withTenant(scope.tenantId, (tx) => measureJarvisBudget(tx, scope.tenantId, month));
  const warnings: BudgetWarning[] = [];
  for (const candidate of candidates(measured, request.model)) {
    if (!(await claimWarning(services, scope.tenantId, month, candidate))) continue;
    const warning: BudgetWarning = { kind: candidate.kind, month, percentUsed: candidate.percentUsed, message: candidate.message };
    await appendAuditRecord(services, {
      tenantId: scope.tenantId,
      at: services.now(),
      actorType: scope.actor.type,
      actorId: actorId(scope.actor),
      actorLabel: scope.actor.type === 'user' ? scope.actor.email : scope.actor.name,
      front: 'jarvis',
      conversationId: request.conversationId,
      operation: BUDGET_WARNING_OPERATION,
      effect: 'write',
      input: warning,
      outcome: 'ok',
      errorCode: null,
      durationMs: 0,
    });
    warnings.push(warning);
  }
  return { month, status: measured.status, exhausted: exhaustion(measured, month), warnings };
}

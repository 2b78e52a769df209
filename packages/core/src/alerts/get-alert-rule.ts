import type { AlertRule, TenantScope } from '@facilflow/contracts';
import { findRuleRow, type RuleServices } from './rule-store.ts';
import { toAlertRule } from './to-alert.ts';

export async function getAlertRule(services: RuleServices, scope: TenantScope, id: string): Promise<AlertRule> {
  return toAlertRule(await services.db.withTenant(scope.tenantId, (tx) => findRuleRow(tx, id)));
}

import type { AlertRule, TenantScope } from '@facilflow/contracts';
import { and, asc, eq, schema, type SQL } from '@facilflow/db';
import type { RuleServices } from './rule-store.ts';
import { toAlertRule } from './to-alert.ts';

const rules = schema.alertRules;

export async function listAlertRules(services: RuleServices, scope: TenantScope, input: { enabled?: boolean | undefined; measurement?: string | undefined }): Promise<AlertRule[]> {
  const filters: SQL[] = [];
  if (input.enabled !== undefined) filters.push(eq(rules.enabled, input.enabled));
  if (input.measurement !== undefined) filters.push(eq(rules.measurement, input.measurement));
  const rows = await services.db.withTenant(scope.tenantId, (tx) => tx.select().from(rules).where(and(...filters)).orderBy(asc(rules.name)));
  return rows.map(toAlertRule);
}

import type { TenantScope } from '@facilflow/contracts';
import { and, eq, ne, schema } from '@facilflow/db';
import { actorName } from './actor-name.ts';
import { announceResolved, findRuleRow, resolveOpenAlertsOfRule, rulesChanged, type RuleServices } from './rule-store.ts';

const rules = schema.alertRules;

export async function planDeleteAlertRule(services: RuleServices, scope: TenantScope, input: { id: string }): Promise<string> {
  return services.db.withTenant(scope.tenantId, async (tx) => {
    const row = await findRuleRow(tx, input.id);
    const open = await tx.select({ id: schema.alerts.id }).from(schema.alerts).where(and(eq(schema.alerts.ruleId, input.id), ne(schema.alerts.state, 'resolved')));
    return `Delete alert rule "${row.name}" (version ${row.version}) and resolve its ${open.length} open alert(s); the alerts' history stays.`;
  });
}

export async function deleteAlertRule(services: RuleServices, scope: TenantScope, input: { id: string }): Promise<{ deleted: true; resolvedAlerts: number }> {
  const now = services.now();
  const by = actorName(scope);
  const comment = 'rule deleted';
  const resolved = await services.db.withTenant(scope.tenantId, async (tx) => {
    await findRuleRow(tx, input.id);
    const closed = await resolveOpenAlertsOfRule(tx, input.id, now, by, comment);
    await tx.delete(rules).where(eq(rules.id, input.id));
    return closed;
  });
  await rulesChanged(services, scope.tenantId);
  await announceResolved(services, resolved, now, by, comment);
  return { deleted: true, resolvedAlerts: resolved.length };
}

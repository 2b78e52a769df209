import { FacilFlowError, type AlertRule, type AlertRuleSpec, type TenantScope } from '@facilflow/contracts';
import { eq, schema } from '@facilflow/db';
import { actorName } from './actor-name.ts';
import { announceResolved, findRuleRow, nameTaken, resolveOpenAlertsOfRule, rulesChanged, type RuleServices } from './rule-store.ts';
import { toAlertRule } from './to-alert.ts';

const rules = schema.alertRules;

/** Replaces the spec (version + 1). Disabling a rule resolves its open alerts: nothing watches them any more. */
export async function updateAlertRule(services: RuleServices, scope: TenantScope, input: { id: string; spec: AlertRuleSpec }): Promise<AlertRule> {
  const now = services.now();
  const by = actorName(scope);
  const comment = 'rule disabled';
  const { row, resolved } = await services.db
    .withTenant(scope.tenantId, async (tx) => {
      const current = await findRuleRow(tx, input.id);
      const [updated] = await tx
        .update(rules)
        .set({ name: input.spec.name, measurement: input.spec.measurement ?? null, enabled: input.spec.enabled, spec: input.spec, version: current.version + 1, updatedBy: by, updatedAt: now })
        .where(eq(rules.id, input.id))
        .returning();
      if (!updated) throw new FacilFlowError('NOT_FOUND', `Alert rule ${input.id} not found`);
      return { row: updated, resolved: input.spec.enabled ? [] : await resolveOpenAlertsOfRule(tx, input.id, now, by, comment) };
    })
    .catch(nameTaken(input.spec.name));
  await rulesChanged(services, scope.tenantId);
  await announceResolved(services, resolved, now, by, comment);
  return toAlertRule(row);
}

import type { AlertRule, AlertRuleSpec, TenantScope } from '@facilflow/contracts';
import { schema } from '@facilflow/db';
import { newId } from '../ids.ts';
import { actorName } from './actor-name.ts';
import { nameTaken, rulesChanged, type RuleServices } from './rule-store.ts';
import { toAlertRule } from './to-alert.ts';

const rules = schema.alertRules;

export async function createAlertRule(services: RuleServices, scope: TenantScope, spec: AlertRuleSpec): Promise<AlertRule> {
  const now = services.now();
  const by = actorName(scope);
  const [row] = await services.db
    .withTenant(scope.tenantId, (tx) =>
      tx
        .insert(rules)
        .values({ id: newId('ar'), tenantId: scope.tenantId, name: spec.name, measurement: spec.measurement ?? null, enabled: spec.enabled, spec, version: 1, createdBy: by, createdAt: now, updatedBy: by, updatedAt: now })
        .returning(),
    )
    .catch(nameTaken(spec.name));
  if (!row) throw new Error('insert returned no row');
  await rulesChanged(services, scope.tenantId);
  return toAlertRule(row);
}

import type { Services } from '../services.ts';
import { closeAlert, openAlert } from './alert-store.ts';
import { announce } from './announce.ts';
import type { Effect, TenantState } from './engine-state.ts';
import { fillSummary } from './summary.ts';
import { noticeOf } from './to-alert.ts';

type Log = (message: string, error?: unknown) => void;

/**
 * Stores each transition the evaluation produced, in order, then announces it (bus and sink):
 * a trigger opens the rule's alert for the series unless one is open (then that one is taken
 * up, and nothing is announced twice); a resolve closes the open one. A trigger that could not
 * be stored puts the slot back to normal, so the next sample tries again.
 */
export async function persistEffects(services: Pick<Services, 'db' | 'bus' | 'alertNotices'>, tenant: TenantState, effects: readonly Effect[], log: Log): Promise<void> {
  for (const effect of effects) {
    const { rule, slot } = effect;
    const at = new Date(effect.t);
    try {
      if (effect.step === 'triggered') {
        const spec = rule.spec;
        const summary = fillSummary(spec.summary, { rule: spec.name, measurement: effect.measurement, field: effect.field, series: slot.key, tags: slot.tags, value: effect.value, title: slot.title });
        const { row, created } = await services.db.withTenant(tenant.tenantId, (tx) =>
          openAlert(tx, tenant.tenantId, {
            ruleId: rule.id,
            ruleName: spec.name,
            ruleVersion: rule.version,
            severity: spec.severity,
            priority: spec.priority,
            measurement: effect.measurement,
            field: effect.field,
            series: slot.key,
            tags: slot.tags,
            labels: spec.labels,
            summary,
            value: effect.value,
            firedAt: at,
          }),
        );
        slot.alertId = row.id;
        tenant.byAlertId.set(row.id, slot);
        if (created) await announce(services, noticeOf(row, 'triggered', at, null, null), log);
        continue;
      }
      const alertId = slot.alertId;
      if (!alertId) continue;
      slot.alertId = null;
      tenant.byAlertId.delete(alertId);
      const row = await services.db.withTenant(tenant.tenantId, (tx) => closeAlert(tx, alertId, at, null, null, effect.value));
      if (row) await announce(services, noticeOf(row, 'resolved', at, null, null), log);
    } catch (error) {
      log(`could not store the ${effect.step} alert of rule ${rule.id} on "${slot.key}" (tenant ${tenant.tenantId})`, error);
      if (effect.step === 'triggered') slot.machine.phase = 'normal';
    }
  }
}

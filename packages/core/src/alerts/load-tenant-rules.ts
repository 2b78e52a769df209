import { eq, ne, schema } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';
import { newSampleWindow } from './conditions/sample-window.ts';
import { newEwmaState } from './conditions/anomaly.ts';
import { adoptOpenSlot, newRuleState, newSlot, type AlertSlot, type RuleState, type SeriesState, type TenantState } from './engine-state.ts';
import { toAlertRule } from './to-alert.ts';

export function newSeriesState(rule: RuleState, key: string, tags: Record<string, string>): SeriesState {
  const condition = rule.spec.condition;
  const needsWindow = condition.kind === 'rateOfChange' || (condition.kind === 'anomaly' && condition.method === 'zscore');
  return {
    holds: false,
    window: needsWindow ? newSampleWindow() : null,
    ewma: condition.kind === 'anomaly' && condition.method === 'ewma' ? newEwmaState() : null,
    lastT: Number.NEGATIVE_INFINITY,
    lastArrival: 0,
    slot: rule.group ?? newSlot(key, tags),
  };
}

function slotForOpenAlert(rule: RuleState, series: string, tags: Record<string, string>): AlertSlot {
  if (rule.spec.condition.kind === 'pipelineEvent') {
    const slot = rule.eventSlots.get(series) ?? newSlot(series, tags);
    rule.eventSlots.set(series, slot);
    return slot;
  }
  if (rule.group) return rule.group;
  const state = rule.series.get(series) ?? newSeriesState(rule, series, tags);
  rule.series.set(series, state);
  state.holds = true;
  return state.slot;
}

/**
 * (Re)loads a tenant's enabled rules. A rule whose version did not change keeps its state; a
 * changed one starts afresh but keeps its open alerts (adopted as firing), as does every rule
 * after a restart: the open alerts are read back from the database.
 */
export async function loadTenantRules(db: Database, tenant: TenantState, now: number): Promise<void> {
  const { ruleRows, openRows } = await db.withTenant(tenant.tenantId, async (tx) => ({
    ruleRows: await tx.select().from(schema.alertRules).where(eq(schema.alertRules.enabled, true)),
    openRows: await tx
      .select({ id: schema.alerts.id, ruleId: schema.alerts.ruleId, ruleVersion: schema.alerts.ruleVersion, series: schema.alerts.series, tags: schema.alerts.tags, firedAt: schema.alerts.firedAt })
      .from(schema.alerts)
      .where(ne(schema.alerts.state, 'resolved')),
  }));
  const previous = new Map(tenant.rules.map((rule) => [rule.id, rule]));
  const rules: RuleState[] = [];
  const fresh = new Set<RuleState>();
  for (const row of ruleRows) {
    const kept = previous.get(row.id);
    if (kept && kept.version === row.version) {
      rules.push(kept);
      continue;
    }
    const state = newRuleState(toAlertRule(row));
    rules.push(state);
    fresh.add(state);
  }
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  tenant.byAlertId.clear();
  for (const rule of rules) {
    if (fresh.has(rule)) continue;
    for (const slot of slotsOf(rule)) if (slot.alertId) tenant.byAlertId.set(slot.alertId, slot);
  }
  for (const open of openRows) {
    const rule = byId.get(open.ruleId);
    if (!rule || (!fresh.has(rule) && tenant.byAlertId.has(open.id))) continue;
    const slot = slotForOpenAlert(rule, open.series, open.tags as Record<string, string>);
    adoptOpenSlot(slot, open.id, open.firedAt.getTime(), now);
    tenant.byAlertId.set(open.id, slot);
  }
  tenant.rules = rules;
  tenant.byMeasurement = new Map();
  for (const rule of rules) {
    const measurement = rule.spec.measurement;
    if (measurement === undefined) continue;
    const list = tenant.byMeasurement.get(measurement) ?? [];
    list.push(rule);
    tenant.byMeasurement.set(measurement, list);
  }
  tenant.loadedAt = now;
  tenant.stale = false;
}

/** Every slot of a rule: its group, its series' own, its event keys'. */
export function* slotsOf(rule: RuleState): Generator<AlertSlot> {
  if (rule.group) yield rule.group;
  else for (const series of rule.series.values()) yield series.slot;
  yield* rule.eventSlots.values();
}

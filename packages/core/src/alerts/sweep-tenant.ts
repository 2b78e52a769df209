import { and, asc, eq, gt, schema } from '@facilflow/db';
import type { Database } from '@facilflow/db/client';
import { noDataHolds } from './conditions/no-data.ts';
import { pipelineEventQuiet } from './conditions/pipeline-event.ts';
import { qualityScoreHolds } from './conditions/quality-score.ts';
import type { Effect, RuleState, TenantState } from './engine-state.ts';
import { stepSlot } from './evaluate-batch.ts';
import { slotsOf } from './load-tenant-rules.ts';

const QUALITY_WINDOWS_PER_READ = 500;

function sweepNoData(rule: Extract<RuleState, object>, now: number, effects: Effect[]): void {
  const condition = rule.spec.condition;
  if (condition.kind !== 'noData') return;
  for (const series of rule.series.values()) {
    const holds = noDataHolds(condition, series.lastArrival, now);
    if (rule.group && holds !== series.holds) rule.holdingSeries += holds ? 1 : -1;
    series.holds = holds;
    series.slot.holds = rule.group ? rule.holdingSeries > 0 : holds;
  }
  for (const slot of slotsOf(rule)) stepSlot(rule, slot, now, slot.lastArrival, effects);
}

/**
 * What time alone changes: no-data conditions and quiet pipeline events on the clock, and the
 * delays of slots whose series went silent, which run on from their last point by the time
 * that passed on the clock since it arrived (a backlog being read does not age them).
 */
export function sweepTenant(tenant: TenantState, now: number, forgetAfterMs: number): Effect[] {
  const effects: Effect[] = [];
  for (const rule of tenant.rules) {
    const condition = rule.spec.condition;
    if (condition.kind === 'noData') {
      sweepNoData(rule, now, effects);
      continue;
    }
    if (condition.kind === 'pipelineEvent') {
      for (const slot of rule.eventSlots.values()) {
        slot.holds = !pipelineEventQuiet(condition, slot.lastArrival, now);
        stepSlot(rule, slot, now, slot.lastArrival, effects);
        if (slot.machine.phase === 'normal' && !slot.alertId) rule.eventSlots.delete(slot.key);
      }
      continue;
    }
    for (const slot of slotsOf(rule)) {
      if (slot.machine.phase !== 'pending' && slot.machine.phase !== 'clearing') continue;
      if (!Number.isFinite(slot.lastT)) continue;
      stepSlot(rule, slot, slot.lastT + Math.max(0, now - slot.lastArrival), slot.lastArrival, effects);
    }
    // A series long silent with nothing open is dropped from memory; it starts afresh if it comes back.
    for (const [key, series] of rule.series) {
      if (now - series.lastArrival >= forgetAfterMs && series.slot.machine.phase === 'normal' && !series.slot.alertId) {
        if (rule.group && series.holds) rule.holdingSeries--;
        rule.series.delete(key);
      }
    }
  }
  return effects;
}

/**
 * Quality score rules read the data-quality monitor's window scores of their (measurement,
 * field) as the monitor writes them, in window order; a window's end is its event time.
 * The first read starts from the windows ending after `now - lookbackMs`, not from all history.
 */
export async function readQualityScores(db: Database, tenant: TenantState, now: number, lookbackMs: number): Promise<Effect[]> {
  const effects: Effect[] = [];
  for (const rule of tenant.rules) {
    const condition = rule.spec.condition;
    if (condition.kind !== 'qualityScore' || !rule.spec.measurement || !rule.spec.field) continue;
    if (!Number.isFinite(rule.qualityReadUpTo)) rule.qualityReadUpTo = now - lookbackMs;
    const table = schema.qualityWindowScores;
    const windows = await db.withTenant(tenant.tenantId, (tx) =>
      tx
        .select({ windowStart: table.windowStart, windowSeconds: table.windowSeconds, score: table.score })
        .from(table)
        .where(and(eq(table.measurement, rule.spec.measurement!), eq(table.field, rule.spec.field!), gt(table.windowStart, new Date(rule.qualityReadUpTo))))
        .orderBy(asc(table.windowStart))
        .limit(QUALITY_WINDOWS_PER_READ),
    );
    const slot = rule.group!;
    for (const window of windows) {
      const start = window.windowStart.getTime();
      rule.qualityReadUpTo = Math.max(rule.qualityReadUpTo, start);
      slot.holds = qualityScoreHolds(condition, window.score);
      slot.value = window.score;
      stepSlot(rule, slot, start + window.windowSeconds * 1000, now, effects);
    }
  }
  return effects;
}

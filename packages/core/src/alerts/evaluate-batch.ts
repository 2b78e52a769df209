import type { TelemetryPoint } from '@facilflow/contracts';
import { rawTagKey, seriesKey } from '../quality/series-key.ts';
import { ewmaAnomaly, zScoreAnomaly } from './conditions/anomaly.ts';
import { rateOfChangeHolds } from './conditions/rate-of-change.ts';
import { thresholdHolds } from './conditions/threshold.ts';
import { tagsMatch, type AlertSlot, type Effect, type RuleState, type SeriesState, type TenantState } from './engine-state.ts';
import { newSeriesState } from './load-tenant-rules.ts';
import { stepMachine } from './state-machine.ts';

const CANONICAL_CACHE_LIMIT = 100_000;

function canonicalKey(tenant: TenantState, tags: Readonly<Record<string, string>>): string {
  const raw = rawTagKey(tags);
  let key = tenant.canonical.get(raw);
  if (key === undefined) {
    if (tenant.canonical.size >= CANONICAL_CACHE_LIMIT) tenant.canonical.clear();
    key = seriesKey(tags);
    tenant.canonical.set(raw, key);
  }
  return key;
}

/** A field's value as a number the conditions compare: booleans count as 1 and 0; anything else is not watched. */
function numberOf(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  return null;
}

/** One pure condition function per kind (noData, quality and pipeline events are evaluated elsewhere: they are not a sample's value). */
function conditionHolds(rule: RuleState, series: SeriesState, value: number, t: number): boolean {
  const condition = rule.spec.condition;
  switch (condition.kind) {
    case 'threshold':
      return thresholdHolds(condition, series.holds, value);
    case 'rateOfChange':
      return rateOfChangeHolds(condition, series.window!, t, value).holds;
    case 'anomaly':
      return condition.method === 'ewma' ? ewmaAnomaly(condition, series.ewma!, t, value).holds : zScoreAnomaly(condition, series.window!, t, value).holds;
    default:
      return false;
  }
}

function seriesFor(rule: RuleState, key: string, tags: Readonly<Record<string, string>>): SeriesState {
  let series = rule.series.get(key);
  if (!series) {
    series = newSeriesState(rule, key, { ...tags });
    rule.series.set(key, series);
  }
  return series;
}

/** Moves a slot to `holds` at `t` and records the transition it makes, if any. */
export function stepSlot(rule: RuleState, slot: AlertSlot, t: number, arrival: number, effects: Effect[]): void {
  const at = Math.max(slot.lastT, t);
  slot.lastT = at;
  slot.lastArrival = arrival;
  const step = stepMachine(slot.machine, slot.holds, at, rule.timing);
  if (step) effects.push({ rule, slot, step, t: at, measurement: rule.spec.measurement ?? null, field: rule.spec.field ?? null, value: slot.value });
}

function observeSample(rule: RuleState, series: SeriesState, value: number, t: number, arrival: number, effects: Effect[]): void {
  const holds = conditionHolds(rule, series, value, t);
  if (rule.group && holds !== series.holds) rule.holdingSeries += holds ? 1 : -1;
  series.holds = holds;
  series.lastT = Math.max(series.lastT, t);
  series.lastArrival = arrival;
  const slot = series.slot;
  slot.holds = rule.group ? rule.holdingSeries > 0 : holds;
  if (!rule.group || holds || slot.machine.phase === 'normal') slot.value = value;
  stepSlot(rule, slot, t, arrival, effects);
}

/** A point of a series a no-data rule watches: the series is not silent, on the clock. */
function observePresence(rule: RuleState, series: SeriesState, arrival: number, effects: Effect[]): void {
  if (rule.group && series.holds) rule.holdingSeries--;
  series.holds = false;
  series.lastArrival = arrival;
  series.slot.holds = rule.group ? rule.holdingSeries > 0 : false;
  stepSlot(rule, series.slot, arrival, arrival, effects);
}

/**
 * Runs every point of a batch through the tenant's rules on its measurement: a few map
 * lookups per point and matching rule. Returns the transitions to store, in order.
 */
export function evaluateBatch(tenant: TenantState, points: readonly TelemetryPoint[], arrival: number): Effect[] {
  const effects: Effect[] = [];
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const rules = tenant.byMeasurement.get(point.m);
    if (!rules) continue;
    let key: string | undefined;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]!;
      if (!tagsMatch(rule.tagFilter, point.tags)) continue;
      const kind = rule.spec.condition.kind;
      if (kind === 'qualityScore' || kind === 'pipelineEvent') continue;
      const field = rule.spec.field;
      if (kind === 'noData') {
        if (field !== undefined && !(field in point.f)) continue;
        key ??= canonicalKey(tenant, point.tags);
        const series = seriesFor(rule, key, point.tags);
        series.lastT = Math.max(series.lastT, point.t);
        observePresence(rule, series, arrival, effects);
        continue;
      }
      const value = numberOf(point.f[field!]);
      if (value === null) continue;
      key ??= canonicalKey(tenant, point.tags);
      observeSample(rule, seriesFor(rule, key, point.tags), value, point.t, arrival, effects);
    }
  }
  return effects;
}

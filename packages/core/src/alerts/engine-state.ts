import type { AlertRule, AlertRuleSpec } from '@facilflow/contracts';
import type { EwmaState } from './conditions/anomaly.ts';
import type { SampleWindow } from './conditions/sample-window.ts';
import type { Machine, Timing } from './state-machine.ts';

/**
 * One alert a rule may raise (per series, per event key, or one for a grouped rule): its state
 * machine, the open alert's id, and what the next transition reports.
 */
export interface AlertSlot {
  key: string;
  tags: Record<string, string>;
  machine: Machine;
  alertId: string | null;
  holds: boolean;
  value: number | null;
  /** Latest event time seen and when (on the clock) it arrived: a silent slot's delays run on from there. */
  lastT: number;
  lastArrival: number;
  /** A pipeline event's title, for the summary. */
  title?: string | undefined;
}

/** What a rule keeps per data series it watches: the condition's own state, and the slot it feeds. */
export interface SeriesState {
  holds: boolean;
  window: SampleWindow | null;
  ewma: EwmaState | null;
  lastT: number;
  lastArrival: number;
  slot: AlertSlot;
}

export interface RuleState {
  id: string;
  version: number;
  spec: AlertRuleSpec;
  timing: Timing;
  tagFilter: ReadonlyArray<readonly [string, string]>;
  series: Map<string, SeriesState>;
  /** The grouped rule's one slot; null for a per-series rule. */
  group: AlertSlot | null;
  holdingSeries: number;
  /** Pipeline event rules: one slot per event key. */
  eventSlots: Map<string, AlertSlot>;
  /** Quality score rules: the last window read. */
  qualityReadUpTo: number;
}

export interface TenantState {
  tenantId: string;
  rules: RuleState[];
  byMeasurement: Map<string, RuleState[]>;
  byAlertId: Map<string, AlertSlot>;
  /** Raw tag key (insertion order) → canonical series key. */
  canonical: Map<string, string>;
  loadedAt: number;
  stale: boolean;
  /** Every change to this tenant's state runs in this chain, one at a time. */
  queue: Promise<void>;
}

export interface Effect {
  rule: RuleState;
  slot: AlertSlot;
  step: 'triggered' | 'resolved';
  t: number;
  measurement: string | null;
  field: string | null;
  /** The slot's value when the transition happened (later samples of the batch change the slot's). */
  value: number | null;
}

export const newSlot = (key: string, tags: Record<string, string>): AlertSlot => ({
  key,
  tags,
  machine: { phase: 'normal', since: 0, firedAt: 0 },
  alertId: null,
  holds: false,
  value: null,
  lastT: Number.NEGATIVE_INFINITY,
  lastArrival: 0,
});

export function newRuleState(rule: AlertRule): RuleState {
  const spec = rule.spec;
  return {
    id: rule.id,
    version: rule.version,
    spec,
    timing: { onDelayMs: spec.onDelaySeconds * 1000, offDelayMs: spec.offDelaySeconds * 1000, minFiringMs: spec.minFiringSeconds * 1000 },
    tagFilter: Object.entries(spec.tags),
    series: new Map(),
    // A quality score is kept per (measurement, field) over all its series: one alert per rule.
    group: spec.groupBy === 'rule' || spec.condition.kind === 'qualityScore' ? newSlot('', { ...spec.tags }) : null,
    holdingSeries: 0,
    eventSlots: new Map(),
    qualityReadUpTo: Number.NEGATIVE_INFINITY,
  };
}

export function tagsMatch(filter: RuleState['tagFilter'], tags: Readonly<Record<string, string>>): boolean {
  for (let i = 0; i < filter.length; i++) if (tags[filter[i]![0]] !== filter[i]![1]) return false;
  return true;
}

/** The slot of an open alert restored after a restart or a rule change: firing, its condition taken to hold until data says otherwise. */
export function adoptOpenSlot(slot: AlertSlot, alertId: string, firedAt: number, now: number): void {
  slot.alertId = alertId;
  slot.machine = { phase: 'firing', since: firedAt, firedAt };
  slot.holds = true;
  slot.lastT = Math.max(slot.lastT, firedAt);
  slot.lastArrival = now;
}

import type { FieldValue, QualityCheck } from '@facilflow/contracts';
import { checkDrift } from './checks/drift-check.ts';
import type { Finding } from './checks/finding.ts';
import { checkFlatline } from './checks/flatline-check.ts';
import { checkFreshness } from './checks/freshness-check.ts';
import { checkMissing } from './checks/missing-check.ts';
import { checkNull } from './checks/null-check.ts';
import { checkRange } from './checks/range-check.ts';
import { checkRate } from './checks/rate-check.ts';
import { checkSpike } from './checks/spike-check.ts';
import { DriftDetector } from './drift-detector.ts';
import { CHECK_SLOT, clearEpisode, clearEpisodes, recordFinding } from './episodes.ts';
import { BIT, type QualityThresholds } from './quality-thresholds.ts';
import { RobustWindow } from './robust-window.ts';
import { countSample } from './score-windows.ts';
import type { FieldState } from './series-state.ts';
import type { TenantState } from './tenant-state.ts';

export interface MonitorSettings {
  thresholds: QualityThresholds;
  windowMs: number;
  clearAfterMs: number;
}

const FRESHNESS_SLOT = CHECK_SLOT.freshness;

/**
 * One sample of a field, stamped `time`: the checks in order (each reads the statistics as they
 * were before this sample), then the statistics learn it, then its window counts it. Expects
 * the tenant's watermark to include `time` already.
 */
export function evaluateSample(settings: MonitorSettings, tenant: TenantState, fieldState: FieldState, value: FieldValue, time: number): void {
  const { thresholds } = settings;
  fieldState.samples++;
  const silenceEnded = learnPace(settings, tenant, fieldState, time);
  if (fieldState.numeric === null) {
    if (typeof value === 'number') startNumeric(fieldState, thresholds);
    else fieldState.numeric = false;
  }
  let flags = 0;
  const nullFinding = checkNull(fieldState, value, fieldState.numeric);
  if (nullFinding) {
    flags = BIT.null;
    flag(settings, tenant, fieldState, 'null', nullFinding, time);
  } else if (typeof value === 'number' && fieldState.numeric) {
    flags = numericChecks(settings, tenant, fieldState, value, time);
  }
  if (silenceEnded) clearEpisode(fieldState, FRESHNESS_SLOT, time);
  finishSample(settings, tenant, fieldState, time, flags);
}

/** A point stamped `time` of a series whose points nearly always carry this field (one of its usual fields): flagged `missing` if it lacks it. */
export function evaluatePresence(settings: MonitorSettings, tenant: TenantState, fieldState: FieldState, present: boolean, time: number): void {
  const finding = checkMissing(fieldState, true, present, time);
  if (!finding) return;
  flag(settings, tenant, fieldState, 'missing', finding, time);
  finishSample(settings, tenant, fieldState, time, BIT.missing);
}

function flag(settings: MonitorSettings, tenant: TenantState, fieldState: FieldState, check: QualityCheck, finding: Finding, time: number): void {
  recordFinding(tenant.pendingIssues, fieldState, { check, finding, time }, fieldState.series.source.watermark, settings.clearAfterMs);
}

function finishSample(settings: MonitorSettings, tenant: TenantState, fieldState: FieldState, time: number, flags: number): void {
  if (fieldState.openEpisodes > 0) clearEpisodes(fieldState, flags, time, FRESHNESS_SLOT);
  countSample(tenant.pendingScores, fieldState, time, flags, settings.windowMs);
}

/**
 * The interval between samples (EWMA and recent longest). A sample after a gap longer than
 * the field may be silent ends a silence: reported as freshness here, from the sample's own
 * time, whether or not a tick saw the silence while it lasted (in a backlog none did), and it
 * does not teach the interval. Returns whether a silence ended.
 */
function learnPace(settings: MonitorSettings, tenant: TenantState, fieldState: FieldState, time: number): boolean {
  if (Number.isNaN(fieldState.lastTime)) {
    fieldState.lastTime = time;
    return false;
  }
  if (!(time > fieldState.lastTime)) return false;
  const gap = checkFreshness(fieldState, fieldState, time, settings.thresholds);
  const silenceEnded = gap !== null || fieldState.stale;
  if (gap) {
    recordFinding(tenant.pendingIssues, fieldState, { check: 'freshness', finding: gap, time, startedAt: gap.staleSince, freshEvidence: true }, fieldState.series.source.watermark, settings.clearAfterMs);
  } else if (!fieldState.stale) {
    const interval = time - fieldState.lastTime;
    fieldState.meanInterval = Number.isNaN(fieldState.meanInterval) ? interval : fieldState.meanInterval + 0.1 * (interval - fieldState.meanInterval);
    fieldState.longestInterval = Math.max(interval, fieldState.longestInterval * 0.98);
  }
  fieldState.stale = false;
  fieldState.lastTime = time;
  return silenceEnded;
}

function startNumeric(fieldState: FieldState, thresholds: QualityThresholds): void {
  fieldState.numeric = true;
  fieldState.values = new RobustWindow(thresholds.spikeWindow);
  fieldState.rates = new RobustWindow(thresholds.spikeWindow);
  fieldState.drift = new DriftDetector(thresholds.drift);
}

function numericChecks(settings: MonitorSettings, tenant: TenantState, fieldState: FieldState, value: number, time: number): number {
  const { thresholds } = settings;
  let flags = 0;
  if (fieldState.rangeVersion !== tenant.rangesVersion) {
    const range = tenant.ranges.get(fieldState.series.measurement)?.get(fieldState.field);
    fieldState.min = range?.min ?? Number.NEGATIVE_INFINITY;
    fieldState.max = range?.max ?? Number.POSITIVE_INFINITY;
    fieldState.rangeVersion = tenant.rangesVersion;
  }
  const rangeFinding = checkRange(fieldState, value, fieldState.min, fieldState.max);
  if (rangeFinding) {
    flags |= BIT.range;
    flag(settings, tenant, fieldState, 'range', rangeFinding, time);
  }

  const values = fieldState.values!;
  const rates = fieldState.rates!;
  const valueMedian = values.median;
  const seconds = (time - fieldState.previousTime) / 1000;
  const rate = seconds > 0 ? (value - fieldState.previousValue) / seconds : Number.NaN;
  // A value out of range is reported as such only, and kept out of the statistics like a spike.
  const outOfRange = rangeFinding !== null;
  const spikeFinding = outOfRange ? null : checkSpike(fieldState, value, rate, values, rates, thresholds);
  if (spikeFinding) {
    flags |= BIT.spike;
    flag(settings, tenant, fieldState, 'spike', spikeFinding, time);
  }
  values.push(value);

  if (!spikeFinding && !outOfRange && !fieldState.previousWasOutlier && !Number.isNaN(rate)) {
    const rateFinding = checkRate(fieldState, { from: fieldState.previousValue, to: value, seconds, ratePerSecond: rate }, rates, valueMedian, thresholds);
    if (rateFinding) {
      flags |= BIT.rate;
      flag(settings, tenant, fieldState, 'rate', rateFinding, time);
    }
    rates.push(rate);
  }
  if (!(time < fieldState.previousTime)) {
    fieldState.previousValue = value;
    fieldState.previousTime = time;
    fieldState.previousWasOutlier = spikeFinding !== null || outOfRange;
  }

  learnRun(fieldState, value, time);
  const flatlineFinding = checkFlatline(fieldState, value, time, fieldState, thresholds);
  if (flatlineFinding) {
    flags |= BIT.flatline;
    flag(settings, tenant, fieldState, 'flatline', flatlineFinding, time);
  }

  if (!spikeFinding && !outOfRange) {
    const drift = fieldState.drift!;
    drift.add(time, value);
    const driftFinding = checkDrift(fieldState, value, drift.active ? drift.verdict : null);
    if (driftFinding) {
      flags |= BIT.drift;
      flag(settings, tenant, fieldState, 'drift', driftFinding, time);
    }
  }
  return flags;
}

/** Flatline statistics: the run of equal values and how often consecutive samples differ (EWMA). */
function learnRun(fieldState: FieldState, value: number, time: number): void {
  const changed = value !== fieldState.runValue;
  if (changed) {
    fieldState.variationAtRunStart = fieldState.variation;
    fieldState.runLength = 1;
    fieldState.runStartTime = time;
  } else {
    fieldState.runLength++;
  }
  fieldState.variation += ((changed ? 1 : 0) - fieldState.variation) * 0.02;
  fieldState.runValue = value;
}

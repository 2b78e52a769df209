import type { DriftVerdict } from '../drift-detector.ts';
import { describeField, round, type FieldLabel, type Finding } from './finding.ts';

/** A steady field trending away from its baseline, as the drift detector's last verdict has it (null: no drift). */
export function checkDrift(label: FieldLabel, value: number, verdict: DriftVerdict | null): Finding | null {
  if (!verdict) return null;
  const slope = round(verdict.slopePerMinute);
  return {
    message: `${describeField(label)} is drifting ${verdict.slopePerMinute >= 0 ? '+' : ''}${slope}/min away from its steady ${round(verdict.baselineMean)} ± ${round(verdict.noise)} (trend ${round(verdict.t)}× its standard error over ${verdict.windowSeconds} s)`,
    details: { slopePerMinute: slope, t: round(verdict.t), windowSeconds: verdict.windowSeconds, baseline: round(verdict.baselineMean), noise: round(verdict.noise), value },
  };
}

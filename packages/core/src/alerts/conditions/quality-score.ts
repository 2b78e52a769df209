import type { AlertCondition } from '@facilflow/contracts';

type QualityScore = Extract<AlertCondition, { kind: 'qualityScore' }>;

/** Whether a data-quality window score (clean samples / samples) is below the rule's bound. */
export function qualityScoreHolds(condition: QualityScore, score: number): boolean {
  return score < condition.below;
}

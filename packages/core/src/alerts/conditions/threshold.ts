import type { AlertCondition } from '@facilflow/contracts';

type Threshold = Extract<AlertCondition, { kind: 'threshold' }>;

/**
 * Whether a threshold condition holds after `value`, given whether it held before: it starts
 * beyond `threshold` and ends only back past `clear` (the deadband keeps a value hovering at the
 * threshold from toggling it).
 */
export function thresholdHolds(condition: Threshold, heldBefore: boolean, value: number): boolean {
  const bound = heldBefore ? (condition.clear ?? condition.threshold) : condition.threshold;
  return condition.direction === 'above' ? value > bound : value < bound;
}

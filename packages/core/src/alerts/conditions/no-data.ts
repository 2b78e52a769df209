import type { AlertCondition } from '@facilflow/contracts';

type NoData = Extract<AlertCondition, { kind: 'noData' }>;

/** Whether the series has been silent for the condition's time, on the engine's clock (when its last point arrived). */
export function noDataHolds(condition: NoData, lastArrivalMs: number, nowMs: number): boolean {
  return nowMs - lastArrivalMs >= condition.seconds * 1000;
}

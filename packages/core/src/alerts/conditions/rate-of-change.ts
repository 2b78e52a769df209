import type { AlertCondition } from '@facilflow/contracts';
import { oldestSample, pushSample, trimWindow, type SampleWindow } from './sample-window.ts';

type RateOfChange = Extract<AlertCondition, { kind: 'rateOfChange' }>;

/**
 * The change per minute over the condition's window, newest sample against the oldest one
 * still in it, and whether it goes beyond `perMinute` in the watched direction. The window
 * must span at least half its length before it says anything (a first pair of samples a
 * second apart would otherwise extrapolate noise to a minute).
 */
export function rateOfChangeHolds(condition: RateOfChange, window: SampleWindow, t: number, value: number): { holds: boolean; perMinute: number | null } {
  const spanMs = condition.windowSeconds * 1000;
  trimWindow(window, t, spanMs);
  const oldest = oldestSample(window);
  pushSample(window, t, value);
  if (!oldest || t - oldest.t < spanMs / 2) return { holds: false, perMinute: null };
  const perMinute = ((value - oldest.value) / (t - oldest.t)) * 60_000;
  const holds =
    condition.direction === 'rising' ? perMinute > condition.perMinute : condition.direction === 'falling' ? perMinute < -condition.perMinute : Math.abs(perMinute) > condition.perMinute;
  return { holds, perMinute };
}

import type { StatesBehavior } from '../plant-model.ts';
import { sampleTimeMs, toMs, type Signal, type SignalContext } from './signal.ts';

/** Cycles through `values`, staying dwellS[i] in values[i]; the cycle restarts after the last state. */
export function statesSignal(behavior: StatesBehavior, { intervalMs }: SignalContext): Signal<string> {
  // Each state with the time it is left, relative to the start of a cycle.
  let cycleMs = 0;
  const schedule = behavior.values.map((value, i) => {
    cycleMs += toMs(behavior.dwellS[i] ?? 0);
    return { value, endMs: cycleMs };
  });
  const last = schedule.at(-1);
  if (!last || cycleMs <= 0) throw new Error('states needs at least one state with a positive dwell');
  return (k) => {
    const position = sampleTimeMs(k, intervalMs) % cycleMs;
    return (schedule.find((state) => position < state.endMs) ?? last).value;
  };
}

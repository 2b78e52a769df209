import { newMachine, stepMachine, thresholdHolds, type Timing } from '@facilflow/core';
import { describe, expect, it } from 'vitest';

const timing = (onDelayMs = 0, offDelayMs = 0, minFiringMs = 0): Timing => ({ onDelayMs, offDelayMs, minFiringMs });

/** Runs the machine over [second, holds] pairs and returns the transitions with their seconds. */
function run(steps: ReadonlyArray<readonly [number, boolean]>, given: Timing): string[] {
  const machine = newMachine();
  return steps.flatMap(([t, holds]) => {
    const step = stepMachine(machine, holds, t * 1000, given);
    return step ? [`${step}@${t}`] : [];
  });
}

describe('the alarm state machine', () => {
  it('fires and resolves at once without delays', () => {
    expect(run([[0, false], [1, true], [2, true], [3, false]], timing())).toEqual(['triggered@1', 'resolved@3']);
  });

  it('fires after the on-delay of an unbroken condition; a break starts it over', () => {
    expect(run([[0, true], [4, false], [5, true], [9, true], [10, true]], timing(5000))).toEqual(['triggered@10']);
  });

  it('resolves after the off-delay, and after the minimum firing time, whichever is later', () => {
    expect(run([[0, true], [1, false], [5, false], [6, false]], timing(0, 5000))).toEqual(['triggered@0', 'resolved@6']);
    expect(run([[0, true], [1, false], [5, false], [10, false]], timing(0, 0, 10_000))).toEqual(['triggered@0', 'resolved@10']);
  });

  it('a return of the condition during the off-delay keeps the alarm without a new trigger', () => {
    expect(run([[0, true], [1, false], [2, true], [3, false], [9, false]], timing(0, 5000))).toEqual(['triggered@0', 'resolved@9']);
  });
});

describe('the threshold condition', () => {
  const above = { kind: 'threshold', direction: 'above', threshold: 100, clear: 90 } as const;
  const below = { kind: 'threshold', direction: 'below', threshold: 400, clear: 450 } as const;

  it('starts beyond the threshold and ends only past the clear value', () => {
    expect(thresholdHolds(above, false, 95)).toBe(false);
    expect(thresholdHolds(above, false, 101)).toBe(true);
    expect(thresholdHolds(above, true, 95)).toBe(true);
    expect(thresholdHolds(above, true, 90)).toBe(false);
    expect(thresholdHolds(below, false, 420)).toBe(false);
    expect(thresholdHolds(below, false, 0)).toBe(true);
    expect(thresholdHolds(below, true, 420)).toBe(true);
    expect(thresholdHolds(below, true, 460)).toBe(false);
  });
});

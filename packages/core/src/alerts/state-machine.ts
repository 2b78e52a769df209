/**
 * Where one alert of a rule stands, by event time: `normal`; `pending` (the condition holds,
 * waiting out the on-delay); `firing` (an alert is open); `clearing` (the condition is gone,
 * waiting out the off-delay and the minimum firing time, still open).
 */
export type Phase = 'normal' | 'pending' | 'firing' | 'clearing';

export interface Machine {
  phase: Phase;
  /** When the current phase's wait began (pending: the condition started; clearing: it ended). */
  since: number;
  /** When the open alert fired. */
  firedAt: number;
}

export interface Timing {
  onDelayMs: number;
  offDelayMs: number;
  minFiringMs: number;
}

export type Step = 'triggered' | 'resolved' | null;

export const newMachine = (): Machine => ({ phase: 'normal', since: 0, firedAt: 0 });

/**
 * One step of the alarm state machine at time `t` with the condition `holds` or not: fires
 * once the condition held `onDelayMs` without a break, resolves once it was gone `offDelayMs`
 * and the alert had been firing at least `minFiringMs` (flap suppression). Called again with a
 * later `t` and the same `holds`, it lets a delay run out. Pure apart from updating `machine`.
 */
export function stepMachine(machine: Machine, holds: boolean, t: number, timing: Timing): Step {
  switch (machine.phase) {
    case 'normal':
      if (!holds) return null;
      machine.phase = 'pending';
      machine.since = t;
      return stepMachine(machine, holds, t, timing);
    case 'pending':
      if (!holds) {
        machine.phase = 'normal';
        return null;
      }
      if (t - machine.since < timing.onDelayMs) return null;
      machine.phase = 'firing';
      machine.firedAt = t;
      return 'triggered';
    case 'firing':
      if (holds) return null;
      machine.phase = 'clearing';
      machine.since = t;
      return stepMachine(machine, holds, t, timing);
    case 'clearing':
      if (holds) {
        machine.phase = 'firing';
        return null;
      }
      if (t - machine.since < timing.offDelayMs || t - machine.firedAt < timing.minFiringMs) return null;
      machine.phase = 'normal';
      return 'resolved';
  }
}

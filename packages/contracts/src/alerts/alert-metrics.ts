import { z } from 'zod';

/** Alarm-management figures over a period, after ISA-18.2 / EEMUA 191 (definitions in docs/alerts.md). */
export const alertMetricsSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** Alerts that fired in the period. */
  activations: z.number().int().nonnegative(),
  /** Activations per 10 minutes over the period (ISA-18.2: about 1 is manageable, more than 2 is overloaded). */
  alarmsPer10Minutes: z.number().nonnegative(),
  /** The same per operator: divided by the tenant's members with the operator role; null when it has none. */
  alarmsPer10MinutesPerOperator: z.number().nonnegative().nullable(),
  operators: z.number().int().nonnegative(),
  /** The busiest 10-minute slot of the period. */
  peakPer10Minutes: z.number().int().nonnegative(),
  /** Share of 10-minute slots with more than 10 activations (an alarm flood), 0..1. */
  floodShare: z.number().min(0).max(1),
  /** The ten rules that fired most, with their share of all activations. */
  topRules: z.array(z.object({ ruleId: z.string(), ruleName: z.string(), activations: z.number().int().positive(), share: z.number().min(0).max(1) })),
  /** Alerts open at `to`, and those among them open longer than `staleAfterHours` (stale alarms). */
  standing: z.number().int().nonnegative(),
  stale: z.array(z.object({ alertId: z.string(), ruleId: z.string(), ruleName: z.string(), series: z.string(), state: z.string(), firedAt: z.iso.datetime(), openHours: z.number() })),
  staleAfterHours: z.number().positive(),
  /** Rule and series that fired 3 or more times within one minute in the period (chattering alarms). */
  chattering: z.array(z.object({ ruleId: z.string(), ruleName: z.string(), series: z.string(), activations: z.number().int().positive(), maxPerMinute: z.number().int().min(3) })),
});
export type AlertMetrics = z.infer<typeof alertMetricsSchema>;

import { z } from 'zod';
import { alertLabelsSchema, alertSeveritySchema, alertTransitionSchema } from './alert-notice.ts';

/**
 * An alert's state (ISA-18.2 alarm states, simplified): `firing` (active, unacknowledged),
 * `acknowledged` (a person took it), `shelved` (a person set it aside until `shelvedUntil`),
 * `resolved` (the condition cleared, or a person resolved it). One alert per rule and series is
 * open (not resolved) at a time.
 */
export const ALERT_STATES = ['firing', 'acknowledged', 'shelved', 'resolved'] as const;
export const alertStateSchema = z.enum(ALERT_STATES);
export type AlertState = z.infer<typeof alertStateSchema>;

/** What one person did to an alert: who, when, and what they said. */
export const alertActionSchema = z.object({
  by: z.string(),
  at: z.iso.datetime(),
  comment: z.string().nullable(),
});
export type AlertAction = z.infer<typeof alertActionSchema>;

export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  ruleVersion: z.number().int().positive(),
  state: alertStateSchema,
  severity: alertSeveritySchema,
  priority: z.number().int().min(1).max(4),
  measurement: z.string().nullable(),
  field: z.string().nullable(),
  /** Canonical tag set, `k=v,k=v` sorted by key; for a pipeline event rule, the event's key; empty for a grouped rule. */
  series: z.string(),
  tags: z.record(z.string(), z.string()),
  labels: alertLabelsSchema,
  summary: z.string(),
  /** The value that fired it; once resolved, the value that resolved it. */
  value: z.number().nullable(),
  firedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  acknowledged: alertActionSchema.nullable(),
  shelved: alertActionSchema.extend({ until: z.iso.datetime() }).nullable(),
  /** Null while open; `by` is null when the engine resolved it (the condition cleared). */
  resolved: alertActionSchema.extend({ by: z.string().nullable() }).nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertTransitionRecordSchema = z.object({
  id: z.string(),
  transition: alertTransitionSchema,
  /** Null for the engine's own transitions. */
  actor: z.string().nullable(),
  comment: z.string().nullable(),
  value: z.number().nullable(),
  at: z.iso.datetime(),
});
export type AlertTransitionRecord = z.infer<typeof alertTransitionRecordSchema>;

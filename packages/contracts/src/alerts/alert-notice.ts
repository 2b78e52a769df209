import { z } from 'zod';

/**
 * Alarm severity, most urgent first (ISA-18.2 priorities map onto it: critical = 1).
 * Notification policies route on it; the alert engine sets it from the rule.
 */
export const alertSeveritySchema = z.enum(['critical', 'major', 'minor', 'warning', 'info']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

/** What happened to an alert: the transitions people are told about. */
export const alertTransitionSchema = z.enum(['triggered', 'acknowledged', 'shelved', 'unshelved', 'resolved']);
export type AlertTransition = z.infer<typeof alertTransitionSchema>;

/** Label keys and values as rules and policies carry them (e.g. line=L2, team=ovens). */
export const alertLabelsSchema = z.record(z.string().min(1).max(64), z.string().max(256));

/**
 * One alert transition, as the alert engine hands it to notifications (channels, policies,
 * silences, escalation) and to outgoing webhooks. Tenant-scoped: it never leaves its tenant.
 */
export const alertNoticeSchema = z.object({
  tenantId: z.string().min(1).max(64),
  alertId: z.string().min(1).max(64),
  ruleId: z.string().min(1).max(64),
  ruleName: z.string().min(1).max(200),
  transition: alertTransitionSchema,
  severity: alertSeveritySchema,
  /** 1 (highest) to 4, as the rule states it. */
  priority: z.number().int().min(1).max(4),
  /** The series the alert is about: measurement and tag set (empty tags for a grouped rule). */
  measurement: z.string().max(256).nullable(),
  tags: z.record(z.string(), z.string()),
  /** ISA-95 path of the asset (site/area/line/cell), from the series' tags when known. */
  assetPath: z.string().max(512).nullable(),
  labels: alertLabelsSchema,
  /** A one-line summary for people, e.g. "Oven2 temperature drifting: 236.4 °C". */
  summary: z.string().max(1000),
  value: z.number().nullable(),
  /** Who did it, for acknowledge/shelve/resolve by a person; null for the engine's own transitions. */
  actor: z.string().max(320).nullable(),
  comment: z.string().max(2000).nullable(),
  /** When the transition happened (ISO 8601). */
  at: z.string(),
  /** When the alert first fired (ISO 8601): escalation counts from here. */
  firedAt: z.string(),
});
export type AlertNotice = z.infer<typeof alertNoticeSchema>;

/** Bus channel on which the alert engine publishes each transition; the `/alerts` namespace relays it to the tenant's room. */
export const alertsChannel = (tenantId: string): string => `tenant:${tenantId}:alerts`;

/**
 * Where the alert engine hands each transition after it is stored: notifications route it to
 * channels and outgoing webhooks. The engine awaits it, so a sink that records the notice
 * durably (an outbox) before it returns loses nothing when the process stops.
 */
export interface AlertNoticeSink {
  deliver(notice: AlertNotice): Promise<void>;
}

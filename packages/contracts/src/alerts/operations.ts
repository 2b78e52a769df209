import { z } from 'zod';
import { idSchema } from '../tenancy/tenant.ts';
import { alertSeveritySchema } from './alert-notice.ts';
import { alertMetricsSchema } from './alert-metrics.ts';
import { alertRuleSchema, alertRuleSpecSchema } from './alert-rule.ts';
import { alertSchema, alertStateSchema, alertTransitionRecordSchema } from './alert.ts';

/** Shelving is bounded (ISA-18.2: shelved alarms come back by themselves). */
export const MAX_SHELVE_SECONDS = 24 * 3600;

export const listAlertRulesInput = z.object({
  enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) rules'),
  measurement: z.string().max(64).optional().describe('Only rules on this measurement'),
});
export const listAlertRulesOutput = z.object({ rules: z.array(alertRuleSchema) });

export const getAlertRuleInput = z.object({ id: idSchema.describe('Alert rule id (from alertRules.list)') });
export const getAlertRuleOutput = z.object({ rule: alertRuleSchema });

export const createAlertRuleInput = z.object({ spec: alertRuleSpecSchema.describe('The rule: what it watches (measurement, field, tags), its condition, delays, severity') });
export const createAlertRuleOutput = z.object({ rule: alertRuleSchema });

export const updateAlertRuleInput = z.object({
  id: idSchema.describe('Alert rule id'),
  spec: alertRuleSpecSchema.describe('The whole new rule; it replaces the old one and its version grows by one'),
});
export const updateAlertRuleOutput = z.object({ rule: alertRuleSchema });

export const deleteAlertRuleInput = z.object({ id: idSchema.describe('Alert rule id') });
export const deleteAlertRuleOutput = z.object({ deleted: z.literal(true), resolvedAlerts: z.number().int().nonnegative() });

export const listAlertsInput = z.object({
  state: z.union([alertStateSchema, z.literal('open')]).default('open').describe('"open" (firing, acknowledged or shelved: the default), or one state'),
  severity: alertSeveritySchema.optional().describe('Only this severity'),
  ruleId: idSchema.optional().describe('Only alerts of this rule'),
  limit: z.number().int().min(1).max(200).default(50).describe('At most this many, newest first'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});
export const listAlertsOutput = z.object({ alerts: z.array(alertSchema), nextCursor: z.string().nullable() });

export const getAlertInput = z.object({ id: idSchema.describe('Alert id (from alerts.list)') });
export const getAlertOutput = z.object({ alert: alertSchema, transitions: z.array(alertTransitionRecordSchema) });

const comment = z.string().trim().max(2000);

export const acknowledgeAlertInput = z.object({
  id: idSchema.describe('Alert id'),
  comment: comment.optional().describe('What you are doing about it'),
});
export const acknowledgeAlertOutput = z.object({ alert: alertSchema });

export const shelveAlertInput = z.object({
  id: idSchema.describe('Alert id'),
  durationSeconds: z.number().int().min(60).max(MAX_SHELVE_SECONDS).describe('How long to set it aside (60 s to 24 h); it comes back by itself'),
  reason: comment.min(1).describe('Why it is shelved (e.g. "sensor replaced tomorrow")'),
});
export const shelveAlertOutput = z.object({ alert: alertSchema });

export const resolveAlertInput = z.object({
  id: idSchema.describe('Alert id'),
  comment: comment.optional().describe('Why it is resolved by hand'),
});
export const resolveAlertOutput = z.object({ alert: alertSchema });

export const alertMetricsInput = z.object({
  from: z.iso.datetime().optional().describe('Start of the period (default: 24 h before `to`)'),
  to: z.iso.datetime().optional().describe('End of the period (default: now)'),
  staleAfterHours: z.number().positive().max(24 * 90).default(24).describe('An alert open longer than this is stale'),
});
export const alertMetricsOutput = z.object({ metrics: alertMetricsSchema });

import { z } from 'zod';
import { alertLabelsSchema, alertSeveritySchema } from '../alerts/alert-notice.ts';
import { idSchema } from '../tenancy/tenant.ts';

/** What a route or a silence matches; every given condition must hold, an empty matcher matches every alert. */
export const alertMatcherSchema = z.object({
  severities: z.array(alertSeveritySchema).min(1).optional().describe('Only these severities'),
  assetPrefix: z.string().trim().min(1).max(512).optional().describe('ISA-95 path prefix, e.g. "site1/area2" (matches site1/area2 and below)'),
  labels: alertLabelsSchema.optional().describe('Labels that must all be equal'),
  ruleId: idSchema.optional().describe('Only alerts of this rule'),
});
export type AlertMatcher = z.infer<typeof alertMatcherSchema>;

export const escalationSchema = z.object({
  afterMinutes: z.number().int().min(1).max(10_080).describe('Still unacknowledged this long after it fired: notify the escalation channels'),
  channels: z.array(idSchema).min(1).max(20),
});

export const notificationRouteSchema = z.object({
  name: z.string().trim().min(1).max(100).describe('Unique within the policy'),
  match: alertMatcherSchema.default({}),
  channels: z.array(idSchema).max(20).default([]),
  /** Go on to the routes after this one when it matched (default: the first match ends routing). */
  continue: z.boolean().default(false),
  repeatIntervalMinutes: z.number().int().min(1).max(10_080).nullable().default(null).describe('Notify again this often while the alert fires unacknowledged'),
  escalation: escalationSchema.nullable().default(null),
});
export type NotificationRoute = z.output<typeof notificationRouteSchema>;

/** An ordered list of routes; an alert no route matches goes to the default channels. */
export const notificationPolicySchema = z
  .object({
    routes: z.array(notificationRouteSchema).max(100).default([]),
    defaultChannels: z.array(idSchema).max(20).default([]),
  })
  .refine((policy) => new Set(policy.routes.map((route) => route.name)).size === policy.routes.length, { message: 'route names must be unique', path: ['routes'] });
export type NotificationPolicy = z.output<typeof notificationPolicySchema>;

export const getNotificationPolicyInput = z.object({});
export const getNotificationPolicyOutput = z.object({ policy: notificationPolicySchema, updatedAt: z.iso.datetime().nullable(), updatedBy: z.string().nullable() });

export const setNotificationPolicyInput = z.object({ policy: notificationPolicySchema });
export const setNotificationPolicyOutput = getNotificationPolicyOutput;

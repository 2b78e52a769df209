import { z } from 'zod';
import { frontSchema } from '../identity/actor.ts';
import { humanRoleSchema, roleSchema } from '../identity/roles.ts';
import { idSchema } from '../tenancy/tenant.ts';

/**
 * What a matching policy does to a call. Among every policy that matches one call, DENY beats
 * REQUIRE_APPROVAL beats ALLOW; ALLOW only records that a rule matched and never grants what
 * the role matrix forbids (authorization runs first).
 */
export const POLICY_EFFECTS = ['ALLOW', 'DENY', 'REQUIRE_APPROVAL'] as const;
export const policyEffectSchema = z.enum(POLICY_EFFECTS);
export type PolicyEffect = z.infer<typeof policyEffectSchema>;

/**
 * The resource attributes a policy may test, each with its value type. The runtime resolves
 * them per operation (an operation that has no resolver for one never matches a condition on it).
 */
export const POLICY_ATTRIBUTES = {
  /** The labels of the measurements the pipeline's sinks write to (its draft for publish, its latest version otherwise). */
  'pipeline.sinkMeasurementLabels': 'labels',
  /** The measurements the pipeline's sinks write to. */
  'pipeline.sinkMeasurements': 'labels',
  /** The labels of the measurements the agent's subscribed tags feed. */
  'agent.lineLabels': 'labels',
  /** `production` when a measurement the agent feeds is labelled `production`, else `idle`. */
  'agent.lineState': 'text',
  /** The most rows the query can return: its outermost LIMIT when it has one, capped by maxRows. */
  'sql.estimatedRows': 'number',
} as const;
export type PolicyAttribute = keyof typeof POLICY_ATTRIBUTES;
export const policyAttributeSchema = z.enum(Object.keys(POLICY_ATTRIBUTES) as [PolicyAttribute, ...PolicyAttribute[]]);

/** What an operation's attribute resolver found for one call; absent keys are unknown for that call. */
export type PolicyAttributes = { [A in PolicyAttribute]?: (typeof POLICY_ATTRIBUTES)[A] extends 'labels' ? string[] : (typeof POLICY_ATTRIBUTES)[A] extends 'number' ? number : string };

const OPERATORS_BY_TYPE = { labels: ['includes'], text: ['equals'], number: ['atLeast', 'atMost', 'equals'] } as const;
export const conditionOperatorSchema = z.enum(['includes', 'equals', 'atLeast', 'atMost']);

export const attributeConditionSchema = z
  .object({
    attribute: policyAttributeSchema,
    operator: conditionOperatorSchema.describe('includes (label lists), equals (text or number), atLeast / atMost (numbers)'),
    value: z.union([z.string().min(1).max(128), z.number()]),
  })
  .superRefine((condition, ctx) => {
    const type = POLICY_ATTRIBUTES[condition.attribute];
    if (!(OPERATORS_BY_TYPE[type] as readonly string[]).includes(condition.operator)) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `${condition.attribute} takes ${OPERATORS_BY_TYPE[type].join(' or ')}, not ${condition.operator}` });
    }
    if ((type === 'number') !== (typeof condition.value === 'number')) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${condition.attribute} is compared with a ${type === 'number' ? 'number' : 'text'} value` });
    }
  });
export type AttributeCondition = z.infer<typeof attributeConditionSchema>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM (00:00–23:59)');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * When a policy applies: on these days, from `from` (included) to `to` (excluded), local time in
 * `timeZone`. A range whose `to` is before its `from` runs past midnight into the next day; the
 * day named is the day the range starts.
 */
export const timeWindowSchema = z
  .object({
    days: z.array(weekdaySchema).min(1).max(7).describe('e.g. ["mon","tue","wed","thu","fri"]'),
    from: localTimeSchema.describe('Local start, e.g. "06:00"'),
    to: localTimeSchema.describe('Local end (excluded), e.g. "22:00"; before `from` it runs past midnight'),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone, e.g. "Europe/Berlin"'),
  })
  .refine((window) => window.from !== window.to, { message: 'from and to are the same time: leave the window out for always', path: ['to'] });
export type TimeWindow = z.infer<typeof timeWindowSchema>;

const MANAGED_ELSEWHERE = ['policies', 'violations', 'approvals'];

/** `resource.action` or `resource.*`; the operations that manage policies and decide approvals are never governed by one. */
export const operationPatternSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*\.(\*|[a-z][A-Za-z0-9]*)$/, 'an operation name (pipelines.publish) or a resource glob (pipelines.*)')
  .refine((pattern) => !MANAGED_ELSEWHERE.includes(pattern.slice(0, pattern.indexOf('.'))), {
    message: 'policies never govern policies.*, violations.* or approvals.*: a policy must not lock out the people who can change it',
  });

export const policyMatchSchema = z.object({
  operations: z.array(operationPatternSchema).min(1).max(50).describe('Operation names or resource globs, e.g. ["pipelines.publish", "agents.*"]'),
  roles: z.array(roleSchema).max(7).default([]).describe('Only calls by these roles; empty for every role'),
  fronts: z.array(frontSchema).max(9).default([]).describe('Only calls through these fronts (web, trpc, cli, mcp, jarvis, api, …); empty for every front'),
  conditions: z.array(attributeConditionSchema).max(10).default([]).describe('Resource attribute conditions; all must hold'),
  timeWindow: timeWindowSchema.nullable().default(null).describe('Only within this weekly window; null for always'),
});
export type PolicyMatch = z.infer<typeof policyMatchSchema>;

/** The stricter the role, the lower its index: an approver must stand at or above the policy's role. */
export const approverRoleSchema = humanRoleSchema.exclude(['viewer']);

export const policyApprovalSchema = z.object({
  approvers: z.number().int().min(1).max(5).default(1).describe('How many distinct people must approve (1–5), never the requester'),
  approverRole: approverRoleSchema.default('admin').describe('The least role an approver must hold, e.g. "admin" (admins and owners)'),
  expiresInMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60).describe('How long the request waits for its approvers'),
});
export type PolicyApproval = z.infer<typeof policyApprovalSchema>;

export const policyNameSchema = z.string().trim().min(1).max(120);

export const policyDefinitionSchema = z
  .object({
    name: policyNameSchema.describe('Unique in the tenant, e.g. "Production publishes need an admin"'),
    effect: policyEffectSchema,
    reason: z.string().trim().min(1).max(500).optional().describe('Shown to the caller (required for DENY)'),
    match: policyMatchSchema,
    approval: policyApprovalSchema.optional().describe('For REQUIRE_APPROVAL: approvers, their least role and the expiry'),
    enabled: z.boolean().default(true),
  })
  .superRefine((policy, ctx) => {
    if (policy.effect === 'DENY' && !policy.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a DENY policy says why: the caller is shown the reason' });
    if (policy.effect !== 'REQUIRE_APPROVAL' && policy.approval) ctx.addIssue({ code: 'custom', path: ['approval'], message: 'only a REQUIRE_APPROVAL policy has approval settings' });
  });
export type PolicyDefinition = z.infer<typeof policyDefinitionSchema>;

export const policySchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  name: z.string(),
  effect: policyEffectSchema,
  reason: z.string().nullable(),
  match: policyMatchSchema,
  /** Set for REQUIRE_APPROVAL (with its defaults), null otherwise. */
  approval: policyApprovalSchema.nullable(),
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});
export type Policy = z.infer<typeof policySchema>;

/** The policy an audit record or an approval names: which one decided, and how. */
export const policyMarkSchema = z.object({ id: idSchema, name: z.string(), effect: policyEffectSchema });
export type PolicyMark = z.infer<typeof policyMarkSchema>;

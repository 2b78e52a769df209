import { z } from 'zod';
import { identifierSchema } from '../telemetry/point.ts';
import { alertLabelsSchema, alertSeveritySchema } from './alert-notice.ts';

const seconds = (max: number) => z.number().int().min(0).max(max);

/** Above (or below) `threshold` starts the condition; it ends only past `clear` (hysteresis, deadband); `clear` defaults to `threshold`. */
export const thresholdConditionSchema = z
  .object({
    kind: z.literal('threshold'),
    direction: z.enum(['above', 'below']),
    threshold: z.number(),
    clear: z.number().optional(),
  })
  .refine((c) => c.clear === undefined || (c.direction === 'above' ? c.clear <= c.threshold : c.clear >= c.threshold), {
    message: 'clear must be on the normal side of threshold (at or below it for "above", at or above it for "below")',
    path: ['clear'],
  });

/** The change over the last `windowSeconds` (newest minus oldest sample in the window), per minute, beyond `perMinute`. */
export const rateOfChangeConditionSchema = z.object({
  kind: z.literal('rateOfChange'),
  direction: z.enum(['rising', 'falling', 'either']).default('either'),
  perMinute: z.number().positive(),
  windowSeconds: z.number().int().min(1).max(3600).default(60),
});

/** No point of the series for `seconds`, on the engine's clock: a condition of its own, not a value. */
export const noDataConditionSchema = z.object({
  kind: z.literal('noData'),
  seconds: z.number().int().min(1).max(86_400),
});

/** The data-quality monitor's window score of the field (clean samples / samples, 0..1) below `below`. */
export const qualityScoreConditionSchema = z.object({
  kind: z.literal('qualityScore'),
  below: z.number().gt(0).max(1),
});

/**
 * How unusual a sample is against the series' recent past, in standard deviations:
 * `zscore` over the samples of the last `windowSeconds`, `ewma` against an exponentially
 * weighted mean and variance with that time constant. Above `k` is the condition; nothing fires
 * before `minSamples` samples were seen.
 */
export const anomalyConditionSchema = z.object({
  kind: z.literal('anomaly'),
  method: z.enum(['zscore', 'ewma']).default('zscore'),
  windowSeconds: z.number().int().min(10).max(86_400).default(300),
  k: z.number().positive().max(100).default(4),
  minSamples: z.number().int().min(3).max(10_000).default(30),
});

/**
 * Events a pipeline's `sink.event` stage raised: one alert per event key, matched by pipeline
 * and/or key; it resolves after `resolveAfterSeconds` without a new matching event.
 */
export const pipelineEventConditionSchema = z.object({
  kind: z.literal('pipelineEvent'),
  pipelineId: z.string().min(1).max(64).optional(),
  key: z.string().max(1000).optional(),
  minSeverity: z.enum(['info', 'warning', 'critical']).default('info'),
  resolveAfterSeconds: z.number().int().min(1).max(7 * 86_400).default(300),
});

export const alertConditionSchema = z.discriminatedUnion('kind', [
  thresholdConditionSchema,
  rateOfChangeConditionSchema,
  noDataConditionSchema,
  qualityScoreConditionSchema,
  anomalyConditionSchema,
  pipelineEventConditionSchema,
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;
export type AlertConditionKind = AlertCondition['kind'];

/**
 * What a rule watches and when it alarms (Grafana alert rule / ISA-18.2 alarm): a condition on
 * `measurement.field` of the series whose tags match `tags` exactly, per series (one alert per
 * tag set) or grouped (one alert while any matching series is in condition). The condition must
 * hold `onDelaySeconds` before the alert fires, and be gone `offDelaySeconds` before it
 * resolves; once fired it stays at least `minFiringSeconds` (flap suppression).
 */
export const alertRuleSpecSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    enabled: z.boolean().default(true),
    /** Required for every kind but pipelineEvent. */
    measurement: identifierSchema.optional(),
    /** Required for threshold, rate of change, quality score and anomaly. */
    field: identifierSchema.optional(),
    tags: z.record(identifierSchema, z.string().min(1).max(256)).default({}).refine((tags) => Object.keys(tags).length <= 16, 'at most 16 tag filters'),
    condition: alertConditionSchema,
    groupBy: z.enum(['series', 'rule']).default('series'),
    onDelaySeconds: seconds(86_400).default(0),
    offDelaySeconds: seconds(86_400).default(0),
    minFiringSeconds: seconds(86_400).default(0),
    severity: alertSeveritySchema.default('warning'),
    priority: z.number().int().min(1).max(4).default(3),
    labels: alertLabelsSchema.default({}).refine((labels) => Object.keys(labels).length <= 32, 'at most 32 labels'),
    /** `{value}`, `{measurement}`, `{field}`, `{rule}`, `{series}` and `{tag.<name>}` are filled in, e.g. "{tag.machine} zone 1 at {value} °C". */
    summary: z.string().max(1000).default('{rule}: {measurement}.{field} = {value} ({series})'),
  })
  .superRefine((spec, ctx) => {
    const kind = spec.condition.kind;
    if (kind !== 'pipelineEvent' && spec.measurement === undefined) ctx.addIssue({ code: 'custom', path: ['measurement'], message: `a ${kind} rule needs a measurement` });
    if (kind === 'qualityScore' && Object.keys(spec.tags).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['tags'], message: 'a qualityScore rule watches the field\'s score over all its series: it takes no tag filter' });
    }
    if (kind !== 'pipelineEvent' && kind !== 'noData' && spec.field === undefined) ctx.addIssue({ code: 'custom', path: ['field'], message: `a ${kind} rule needs a field` });
  });
export type AlertRuleSpec = z.output<typeof alertRuleSpecSchema>;
export type AlertRuleSpecInput = z.input<typeof alertRuleSpecSchema>;

export const alertRuleSchema = z.object({
  id: z.string(),
  /** Grows by one with each change; alerts record the version that raised them. */
  version: z.number().int().positive(),
  spec: alertRuleSpecSchema,
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

/** Bus channel on which a change to a tenant's rules is announced: engines reload that tenant's rules. */
export const alertRulesChannel = (tenantId: string): string => `tenant:${tenantId}:alert-rules`;

import { z } from 'zod';

/**
 * A pipeline spec: a versioned DAG of stages. Each stage `use`s a component by name, configured
 * by `with` (checked against the component's own schema by `pipelines.validate`), and reads the
 * outputs named in `needs`: `stageId` for a stage's main output, `stageId.port` for another of its
 * outputs (a router's route, a window's `late` rows, a try/catch's `error`).
 */
export const PIPELINE_SPEC_VERSION = 1;

export const stageIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'a stage id is lower case letters, digits and _, starting with a letter, at most 63 characters')
  .describe('Stage id, unique in the pipeline, e.g. "avg_1m"');

export const stageInputRefSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62})?$/, 'an input is "stageId" or "stageId.port"')
  .describe('"stageId" (its main output) or "stageId.port" (a named output such as "late" or a route)');

export const componentNameSchema = z
  .string()
  .regex(/^(source|transform|control|sink)\.[a-z][a-z0-9-]{0,62}$/, 'a component name is "<source|transform|control|sink>.<name>", e.g. "transform.filter"')
  .describe('Component name, e.g. "transform.window-aggregate" (components.list names them all)');

export const backoffSchema = z.object({
  type: z.enum(['fixed', 'exponential']).default('exponential'),
  delayMs: z.number().int().min(0).max(3_600_000).default(1000),
  maxDelayMs: z.number().int().min(0).max(3_600_000).default(60_000),
});

/** What a stage does when it fails; retries first, then the route. */
export const stageErrorPolicySchema = z.object({
  retries: z.number().int().min(0).max(20).default(0),
  backoff: backoffSchema.default({ type: 'exponential', delayMs: 1000, maxDelayMs: 60_000 }),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional().describe('Each attempt is cancelled past this'),
  /** `fail` ends the run failed; `continue` goes on with no output from the stage; `route` sends the error to the stage's `error` port. */
  onError: z.enum(['fail', 'continue', 'route']).default('fail'),
});
export type StageErrorPolicy = z.infer<typeof stageErrorPolicySchema>;

export const pipelineStageSchema = z.object({
  id: stageIdSchema,
  use: componentNameSchema,
  with: z.record(z.string(), z.unknown()).default({}).describe("The component's configuration (components.get shows its schema)"),
  needs: z.array(stageInputRefSchema).max(16).default([]),
  description: z.string().max(2000).optional(),
  errorPolicy: stageErrorPolicySchema.optional(),
  /** The run pauses before this stage until resumed or stepped (debugging). */
  breakpoint: z.boolean().optional(),
});
export type PipelineStage = z.infer<typeof pipelineStageSchema>;

const tagFilterSchema = z.record(z.string().min(1).max(128), z.string().max(256)).describe('Tag values a point must carry, e.g. {"machine":"Oven2"}');

export const streamTriggerSchema = z.object({
  type: z.literal('stream'),
  measurement: z.string().min(1).max(128),
  tags: tagFilterSchema.optional(),
  fields: z.array(z.string().min(1).max(128)).max(256).optional().describe('Only these fields (all by default)'),
});

export const cronTriggerSchema = z.object({
  type: z.literal('cron'),
  /** Five or six fields (seconds first when six), e.g. "0 6 * * *". */
  expression: z.string().min(9).max(120),
  timezone: z.string().min(1).max(64).default('UTC').describe('IANA time zone, e.g. "Europe/Berlin"'),
  misfire: z
    .object({
      /** After downtime: `skip` the missed firings, run `once` for all of them, or `all` of them up to `maxCatchUp`. */
      policy: z.enum(['skip', 'once', 'all']).default('once'),
      maxCatchUp: z.number().int().min(1).max(1000).default(10),
    })
    .default({ policy: 'once', maxCatchUp: 10 }),
});

export const manualTriggerSchema = z.object({ type: z.literal('manual') });

/** A POST to the pipeline's webhook URL, signed with the pipeline's own secret (never in the spec). */
export const webhookTriggerSchema = z.object({ type: z.literal('webhook') });

export const pipelineTriggerSchema = z.discriminatedUnion('type', [streamTriggerSchema, cronTriggerSchema, manualTriggerSchema, webhookTriggerSchema]);
export type PipelineTrigger = z.infer<typeof pipelineTriggerSchema>;

export const pipelineParamSchema = z.object({
  type: z.enum(['number', 'string', 'boolean']),
  default: z.union([z.number(), z.string(), z.boolean()]).optional(),
  description: z.string().max(500).optional(),
});
export type PipelineParam = z.infer<typeof pipelineParamSchema>;

const workerLabelKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'a label name is lower case letters, digits, _ . and -, at most 63 characters');
const workerLabelValueSchema = z.string().min(1).max(128);

/** Labels a run worker carries, from FACILFLOW_WORKER_LABELS, e.g. {"site":"plant1","gpu":"false"}. */
export const workerLabelsSchema = z.record(workerLabelKeySchema, workerLabelValueSchema).describe('Labels of a run worker, e.g. {"site":"plant1"}');

/** Where the pipeline's runs may execute and how they rank among the tenant's own queued runs. */
export const pipelinePlacementSchema = z.object({
  labels: workerLabelsSchema
    .refine((labels) => Object.keys(labels).length <= 16, 'at most 16 labels')
    .optional()
    .describe('Only a worker carrying every one of these labels claims the runs, e.g. {"site":"plant1"}'),
  priority: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Among the tenant\'s queued runs, a higher priority is claimed first (default 0); tenants still take turns'),
});
export type PipelinePlacement = z.infer<typeof pipelinePlacementSchema>;

export const pipelineSpecSchema = z.object({
  specVersion: z.literal(PIPELINE_SPEC_VERSION).default(PIPELINE_SPEC_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  params: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/), pipelineParamSchema).default({}),
  triggers: z.array(pipelineTriggerSchema).min(1).max(8),
  stages: z.array(pipelineStageSchema).min(1).max(500),
  placement: pipelinePlacementSchema.optional(),
});
export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;
/** A spec as written (defaults not yet applied). */
export type PipelineSpecInput = z.input<typeof pipelineSpecSchema>;

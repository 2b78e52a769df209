import { z } from 'zod';
import { pipelineRowSchema } from './pipeline-row.ts';

/** A run's life: queued → running ⇄ paused → one of the ends. */
export const RUN_STATUSES = ['queued', 'running', 'paused', 'waiting_approval', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled', 'timed_out', 'waiting_approval'] as const;
export const stepStatusSchema = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const runTriggerKindSchema = z.enum(['manual', 'cron', 'webhook', 'stream', 'backfill', 'replay']);
export type RunTriggerKind = z.infer<typeof runTriggerKindSchema>;

/** A stage's failure, with where in the spec it happened. */
export const stepErrorSchema = z.object({
  message: z.string(),
  /** e.g. ["stages", 3] or, inside a for-each, ["stages", 3, "items", 12]. */
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string().optional(),
});
export type StepError = z.infer<typeof stepErrorSchema>;

/** Samples of what a step read and wrote, bounded so a record stays small. */
export const STEP_SAMPLE_ROWS = 20;
export const stepSampleSchema = z.array(pipelineRowSchema).max(STEP_SAMPLE_ROWS);

export const pipelineRunSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  /** The published version the run pinned. */
  version: z.number().int().min(1),
  status: runStatusSchema,
  trigger: runTriggerKindSchema,
  /** [from, to) of the run's time range in ISO 8601, when it has one. */
  rangeFrom: z.iso.datetime().nullable(),
  rangeTo: z.iso.datetime().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The run this one replays, and from which stage. */
  replayOf: z.object({ runId: z.string(), fromStage: z.string() }).nullable(),
  error: stepErrorSchema.nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
});
export type PipelineRun = z.infer<typeof pipelineRunSchema>;

export const pipelineStepSchema = z.object({
  runId: z.string(),
  stageId: z.string(),
  /** 1 for the first attempt, one more per retry. */
  attempt: z.number().int().min(1),
  status: stepStatusSchema,
  rowsIn: z.number().int().min(0),
  rowsOut: z.number().int().min(0),
  inputSample: stepSampleSchema,
  outputSample: stepSampleSchema,
  error: stepErrorSchema.nullable(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  durationMs: z.number().min(0).nullable(),
});
export type PipelineStep = z.infer<typeof pipelineStepSchema>;

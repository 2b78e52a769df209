import { z } from 'zod';
import { runStatusSchema, stepErrorSchema, stepStatusSchema } from '../pipelines/pipeline-run.ts';

/**
 * Where a tenant's run and step status go out for live views: the run worker publishes every
 * change once it is recorded, and the web app's `/pipelines` namespace relays it.
 */
export const pipelineRunsChannel = (tenantId: string): string => `tenant:${tenantId}:pipeline-runs`;

/** `pipeline:status`: a run changed status. */
export const pipelineStatusEventSchema = z.object({
  type: z.literal('pipeline:status'),
  pipelineId: z.string(),
  runId: z.string(),
  status: runStatusSchema,
  at: z.string(),
  error: z.unknown().nullable().optional(),
});
export type PipelineStatusEvent = z.infer<typeof pipelineStatusEventSchema>;

/** `pipeline:step`: a stage's attempt changed status. */
export const pipelineStepEventSchema = z.object({
  type: z.literal('pipeline:step'),
  pipelineId: z.string(),
  runId: z.string(),
  stageId: z.string(),
  attempt: z.number().int(),
  status: stepStatusSchema,
  rowsIn: z.number().int(),
  rowsOut: z.number().int(),
  error: stepErrorSchema.nullable().optional(),
  startedAt: z.string().nullable().optional(),
  endedAt: z.string().nullable().optional(),
});
export type PipelineStepEvent = z.infer<typeof pipelineStepEventSchema>;

export const pipelineRunEventSchema = z.discriminatedUnion('type', [pipelineStatusEventSchema, pipelineStepEventSchema]);
export type PipelineRunEvent = z.infer<typeof pipelineRunEventSchema>;

/** `pipeline:metrics`: what a stage's finished attempt read and wrote, and how long it took when the step says. */
export const pipelineMetricsEventSchema = z.object({
  pipelineId: z.string(),
  runId: z.string(),
  stageId: z.string(),
  attempt: z.number().int(),
  status: stepStatusSchema,
  rowsIn: z.number().int(),
  rowsOut: z.number().int(),
  durationMs: z.number().nullable(),
});
export type PipelineMetricsEvent = z.infer<typeof pipelineMetricsEventSchema>;
